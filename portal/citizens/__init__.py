"""The citizens room: what a citizen owns and does outside a single application.

It owns accounts and their activation (`accounts`), citizen login sessions (`auth`) and
programs' logins (`api_tokens`: bearer tokens, one-time codes), submitting an application
(`submission`) and correcting a returned one (`correction`) for the site and the API, profile
changes (`profile`), family members (`family`), pickup appointments (`pickup`), the right of
access to one's data (`personal_data`), retention of identity images (`retention`), the
citizen's secret links (`secret_links`), the account documents standing in for uploads
(`account_documents`), masking for public pages (`masking`), the application form
(`application_form`) and the one submission path the website, the counter (loket) and the API
share (`submission`). It may import workflow, letters, messaging, files and officers (for the
audit log and the shared lockout).
"""
