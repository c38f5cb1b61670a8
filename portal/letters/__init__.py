"""The letters room: from a finished application to a numbered, verifiable PDF.

It owns gap-free numbering, issuing (printed or made by hand), hand-over and revocation
(`issuing`), the letter HTML in a sandboxed Jinja environment (`html`), the sandboxed
wkhtmltopdf renderer (`pdf`, also used for the citizen's data export) and QR codes (`qr`).
It may import the workflow room (a letter is issued through a transition), files and
officers; the rendering job itself lives in `jobs/letters.py`.
"""
