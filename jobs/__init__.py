"""The back office: RQ jobs for mail, letters and sweeps, and the worker entry point."""
