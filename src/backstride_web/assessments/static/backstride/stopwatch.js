// backstride self-test stopwatch: progressive enhancement for timing holds.
// Without JavaScript the page still works: type the time into the form.
(function () {
  "use strict";
  function setUp(box) {
    var display = box.querySelector("#stopwatch-display");
    var controls = box.querySelector(".stopwatch-controls");
    var hint = box.querySelector(".stopwatch-nojs");
    var target = box.querySelector("#stopwatch-target");
    var startedAt = null;
    var elapsed = 0;
    var timer = null;

    function seconds() {
      return elapsed + (startedAt === null ? 0 : (performance.now() - startedAt) / 1000);
    }
    function show() {
      display.textContent = seconds().toFixed(1);
    }
    function start() {
      if (startedAt !== null) return;
      startedAt = performance.now();
      timer = window.setInterval(show, 100);
    }
    function stop() {
      if (startedAt === null) return;
      elapsed = seconds();
      startedAt = null;
      window.clearInterval(timer);
      show();
    }
    function reset() {
      stop();
      elapsed = 0;
      show();
    }
    function use() {
      stop();
      var input = document.getElementById(target.value);
      if (input && input.type === "number") {
        var max = parseFloat(input.max);
        var value = Math.round(seconds() * 10) / 10;
        input.value = String(isNaN(max) ? value : Math.min(value, max));
        input.focus();
      }
    }
    box.querySelector("[data-stopwatch-start]").addEventListener("click", start);
    box.querySelector("[data-stopwatch-stop]").addEventListener("click", stop);
    box.querySelector("[data-stopwatch-reset]").addEventListener("click", reset);
    box.querySelector("[data-stopwatch-use]").addEventListener("click", use);
    controls.hidden = false;
    if (hint) hint.hidden = true;
  }
  function init() {
    document.querySelectorAll("[data-stopwatch]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
