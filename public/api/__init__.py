"""The JSON API for programs (`/api/v1`): routes, errors, serializers, the OpenAPI document
and its reference page for people.

It answers what the citizen pages answer, through the same core functions and the same page
helpers of the citizen site (`public.track`, `public.views`, `public.verification`); its
blueprint lives in `routes` and is registered by `create_app`.
"""
