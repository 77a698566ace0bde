"""The venue runtime: window surface, real-time clock, controls, HUD, reload, live data, supervision."""
