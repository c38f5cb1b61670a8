"""The files room: every byte a citizen or officer hands us, and where it is kept.

It owns upload checks by content, image re-encoding and random storage keys (`uploads`) and
the storage backends, a local directory or an S3-compatible bucket (`storage`). It imports
only the models and the extensions; every other room stores its files through it.
"""
