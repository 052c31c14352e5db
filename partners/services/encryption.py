"""Key rotation for encrypted columns. Works on raw column values so nothing is decrypted twice."""
from __future__ import annotations

from django.db import connection, transaction

from partners.crypto import key_ring, token_key_id
from partners.fields import encrypted_fields


def encryption_keys_rotate(*, batch_size: int = 500) -> dict[str, dict[str, int]]:
    ring = key_ring()
    report: dict[str, dict[str, int]] = {}
    for model, field in encrypted_fields():
        aad = field.column_identity()
        counts = {"rotated": 0, "current": 0, "null": 0}
        table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
        qn = connection.ops.quote_name
        last_pk = None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {qn(pk)} > %s " if last_pk is not None else ""
                cursor.execute(
                    f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} {where}ORDER BY {qn(pk)} LIMIT %s",
                    ([last_pk] if last_pk is not None else []) + [batch_size],
                )
                rows = cursor.fetchall()
                for row_pk, token in rows:
                    if token is None:
                        counts["null"] += 1
                    elif token_key_id(token) == ring.primary:
                        counts["current"] += 1
                    else:
                        fresh = ring.encrypt(ring.decrypt(token, aad=aad), aad=aad)
                        cursor.execute(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",
                                       [fresh, row_pk])
                        counts["rotated"] += 1
            if not rows:
                break
            last_pk = rows[-1][0]
        report[aad] = counts
    return report
