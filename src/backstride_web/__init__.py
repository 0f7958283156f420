"""backstride's web layer: the Django project. The only package that imports Django."""
