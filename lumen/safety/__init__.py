"""The flash guard: measuring, counting and damping flashes (WCAG 2.3.1, ITU-R BT.1702) in moving frames."""
