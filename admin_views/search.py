"""Search boxes of Flask-Admin lists that take each word literally (`%` and `_` included)."""
from sqlalchemy import Unicode, cast, or_

from portal.officers.search import contains_pattern


class LiteralSearch:
    """A Flask-Admin list whose search box takes `%` and `_` literally (its fields need no joins)."""

    def _apply_search(self, query, count_query, joins, count_joins, search):
        for word in search.split():
            pattern = contains_pattern(word)
            condition = or_(*(cast(field, Unicode).ilike(pattern, escape="\\")
                              for field, _path in self._search_fields))
            query = query.filter(condition)
            count_query = None if count_query is None else count_query.filter(condition)
        return query, count_query, joins, count_joins
