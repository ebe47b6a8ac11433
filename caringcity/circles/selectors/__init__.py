"""Reads of the circles app, one module per part (see ``services``). ``visibility`` holds the
queryset twins of the view rules that every part uses."""
