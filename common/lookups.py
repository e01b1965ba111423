"""Lookups that keep input from a query string or a form from reaching the database as an error."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` on an integer column, leaving out the values no column of its type holds.

    Django's own `exact`, `lt` and `gt` answer "no row" for an id such as 99999999999999999999
    (from ?ward=, an admin action's selection, an autocomplete's selected value); `in` sent it on,
    and SQLite raised OverflowError (PostgreSQL "out of range"). Such a value matches no row here.
    """

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().as_sql(compiler, connection)
