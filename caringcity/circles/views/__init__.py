"""Views of the circles app, one module per part. Thin: parse, check permission, call one
service, render. ``base`` holds what the parts share."""
