"""Staffing models: the model file a service writes, and the way from it to calc/."""
