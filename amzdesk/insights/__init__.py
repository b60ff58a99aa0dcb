"""What the shop owner sees beyond one order: the FBA listing hazard (R-G2), shipping health,
deadline alerts and the session report.  Qt-free; the window and the command line share it.

Modules: :mod:`.hazards`, :mod:`.health`, :mod:`.alerts`, :mod:`.report`.  Nothing here is
imported before the window's first frame.
"""
