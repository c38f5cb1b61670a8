"""The letters room: from a finished application to a numbered, verifiable PDF.

It owns gap-free numbering, issuing (printed or made by hand), hand-over and revocation
(`issuing`), the letter HTML in a sandboxed Jinja environment (`html`, with the word filters of
`wording`), the sandboxed wkhtmltopdf renderer (`pdf`, also used for the citizen's data
export), QR codes (`qr`), who signs (`signatories`: head, a.n., u.b., Plh./Plt.), electronic
signing behind one interface (`signers`: `signer_local` with pyHanko, `signer_bsre`), the
signer's queue and request (`signing`, with the sealed passphrase of `passphrases`), the
verification page's signature check (`signature_check`) and demo certificates
(`certificates`).
It may import the workflow room (a letter is issued through a transition), files and
officers; the rendering job itself lives in `jobs/letters.py`.
"""
