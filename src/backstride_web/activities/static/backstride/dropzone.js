// Drag-and-drop onto the upload area; without JavaScript the plain file input still works.
(function () {
  "use strict";
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector("[data-dropzone-list]");
    if (!input) { return; }
    function show(files) {
      if (!list) { return; }
      var names = Array.prototype.map.call(files, function (f) { return f.name; });
      list.textContent = names.length ? names.length + " chosen: " + names.slice(0, 5).join(", ") +
        (names.length > 5 ? "…" : "") : "";
    }
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        show(input.files);
      }
    });
    input.addEventListener("change", function () { show(input.files); });
  });
})();
