"""`Orm`, `Query` rendering and `Changeset` (meshpy/runtime/orm.py,
changeset.py): pure functions, checked byte for byte against the
supplement's sections 4, 5 and 7."""

from meshpy.runtime.changeset import Changeset
from meshpy.runtime.orm import Orm, Query, render_count, render_exists, render_select
from meshpy.runtime.repo import add_column_sql, create_index_sql, create_table_sql

# --------------------------------------------------------------------------
# Orm (section 4)


def test_build_select_examples():
    assert Orm.build_select("users", [], [], [], -1, -1) == 'SELECT * FROM "users"'
    assert Orm.build_select("users", ["id", "name"], ["name ="], ["name ASC"], 10, -1) == (
        'SELECT "id", "name" FROM "users" WHERE "name" = $1 ORDER BY "name" ASC LIMIT 10')


def test_build_select_where_forms_orders_and_offset():
    sql = Orm.build_select("t", [], ["a", "b IS NULL", "c >=", "d IS NOT NULL", "e LIKE"],
                           ["a desc", "b", "c Asc"], 0, 5)
    assert sql == ('SELECT * FROM "t" WHERE "a" = $1 AND "b" IS NULL AND "c" >= $2 AND '
                   '"d" IS NOT NULL AND "e" LIKE $3 ORDER BY "a" DESC, "b" ASC, "c" ASC LIMIT 0 OFFSET 5')


def test_identifiers_are_quoted_with_embedded_quotes_doubled():
    assert Orm.build_select('my"t', ['my"col'], [], [], -1, -1) == 'SELECT "my""col" FROM "my""t"'
    assert Orm.build_select("t", ["*"], [], [], -1, -1) == 'SELECT "*" FROM "t"'


def test_build_insert_update_delete_examples():
    assert Orm.build_insert("users", ["name", "email"], ["id"]) == (
        'INSERT INTO "users" ("name", "email") VALUES ($1, $2) RETURNING "id"')
    assert Orm.build_insert("users", ["name"], ["*"]) == 'INSERT INTO "users" ("name") VALUES ($1) RETURNING *'
    assert Orm.build_insert("t", [], []) == 'INSERT INTO "t" () VALUES ()'
    assert Orm.build_update("users", ["name", "email"], ["id ="], ["id", "name"]) == (
        'UPDATE "users" SET "name" = $1, "email" = $2 WHERE "id" = $3 RETURNING "id", "name"')
    assert Orm.build_update("u", ["a"], ["x IS NULL", "y <"], []) == (
        'UPDATE "u" SET "a" = $1 WHERE "x" IS NULL AND "y" < $2')
    assert Orm.build_delete("users", ["id ="], []) == 'DELETE FROM "users" WHERE "id" = $1'
    assert Orm.build_delete("users", [], ["*"]) == 'DELETE FROM "users" RETURNING *'


# --------------------------------------------------------------------------
# Query (section 5)


def test_query_renders_every_clause_in_order_with_numbered_placeholders():
    q = Query.from_("posts")
    q = Query.join(q, "left", "users", 'users.id = posts.user_id')
    q = Query.where(q, "status", "published")
    q = Query.where_op(q, "score", "gte", "10")
    q = Query.where_in(q, "kind", ["a", "b", "c"])
    q = Query.where_null(q, "deleted_at")
    q = Query.where_not_null(q, "title")
    q = Query.where_raw(q, "lower(title) LIKE ? OR views > ?", ["%x%", "5"])
    q = Query.group_by(q, "user_id")
    q = Query.having(q, "count(*) >", "2")
    q = Query.fragment(q, "FOR UPDATE OF ?", ["p"])
    q = Query.order_by(q, "inserted_at", "desc")
    q = Query.order_by(q, "id", "whatever")
    q = Query.limit(Query.limit(q, 99), 20)
    q = Query.offset(q, 40)
    sql, params = render_select(q)
    assert sql == (
        'SELECT * FROM "posts" LEFT JOIN "users" ON users.id = posts.user_id'
        ' WHERE "status" = $1 AND "score" >= $2 AND "kind" IN ($3, $4, $5) AND "deleted_at" IS NULL'
        ' AND "title" IS NOT NULL AND lower(title) LIKE $6 OR views > $7'
        ' GROUP BY "user_id" HAVING count(*) > $8 FOR UPDATE OF $9'
        ' ORDER BY "inserted_at" DESC, "id" ASC LIMIT 20 OFFSET 40')
    assert params == ["published", "10", "a", "b", "c", "%x%", "5", "2", "p"]


def test_count_exists_and_one_forms():
    q = Query.order_by(Query.limit(Query.where(Query.from_("users"), "org", "7"), 5), "name", "asc")
    q = Query.join(q, "bogus", "orgs", "orgs.id = users.org")
    assert render_count(q) == ('SELECT COUNT(*) FROM "users" INNER JOIN "orgs" ON orgs.id = users.org'
                               ' WHERE "org" = $1', ["7"])
    assert render_exists(q) == ('SELECT EXISTS(SELECT 1 FROM "users" INNER JOIN "orgs" ON orgs.id = users.org'
                                ' WHERE "org" = $1 LIMIT 1)', ["7"])
    assert render_select(q, limit=1)[0].endswith('ORDER BY "name" ASC LIMIT 1')


def test_where_op_atoms_and_unknown_operator():
    ops = ["eq", "neq", "lt", "gt", "lte", "gte", "like", "nonsense"]
    q = Query.from_("t")
    for op in ops:
        q = Query.where_op(q, "f", op, "v")
    sql, _ = render_select(q)
    assert sql == ('SELECT * FROM "t" WHERE "f" = $1 AND "f" != $2 AND "f" < $3 AND "f" > $4'
                   ' AND "f" <= $5 AND "f" >= $6 AND "f" LIKE $7 AND "f" = $8')


def test_select_replaces_and_select_raw_appends():
    q = Query.from_("t")
    q = Query.select_raw(q, ["count(*) AS n"])
    q = Query.select(q, ["a", "count(*)"])      # replaces, and quotes
    q = Query.select_raw(q, ["max(b) AS m"])
    assert render_select(q)[0] == 'SELECT "a", "count(*)", max(b) AS m FROM "t"'


def test_queries_are_immutable():
    base = Query.where(Query.from_("users"), "active", "true")
    admins = Query.where(base, "role", "admin")
    recent = Query.order_by(base, "id", "desc")
    assert render_select(base) == ('SELECT * FROM "users" WHERE "active" = $1', ["true"])
    assert render_select(admins) == ('SELECT * FROM "users" WHERE "active" = $1 AND "role" = $2',
                                     ["true", "admin"])
    assert render_select(recent) == ('SELECT * FROM "users" WHERE "active" = $1 ORDER BY "id" DESC', ["true"])


def test_values_are_parameters_never_text():
    evil = "x'; DROP TABLE users; --"
    sql, params = render_select(Query.where(Query.from_("users"), "name", evil))
    assert evil not in sql and params == [evil]


# --------------------------------------------------------------------------
# Changeset (section 7)


def test_cast_keeps_allowed_fields_in_allowed_order():
    cs = Changeset.cast({"id": "1"}, {"email": "a@b", "name": "", "admin": "true"}, ["name", "email"])
    assert list(Changeset.changes(cs).items()) == [("name", ""), ("email", "a@b")]
    assert Changeset.valid(cs) and Changeset.errors(cs) == {}
    assert Changeset.get_change(cs, "admin") == "" and Changeset.get_error(cs, "name") == ""


def test_validators_and_their_messages():
    params = {"name": "A", "email": "nope", "role": "root", "age": "x", "bio": "héllo"}
    cs = Changeset.cast({}, params, ["name", "email", "role", "age", "bio", "title"])
    cs = Changeset.validate_required(cs, ["name", "title"])
    cs = Changeset.validate_length(cs, "name", 2, -1)
    cs = Changeset.validate_length(cs, "bio", -1, 5)      # 6 bytes in UTF-8
    cs = Changeset.validate_format(cs, "email", "@")
    cs = Changeset.validate_inclusion(cs, "role", ["admin", "member"])
    cs = Changeset.validate_number(cs, "age", -1, -1, -1, -1)
    assert Changeset.errors(cs) == {
        "title": "can't be blank",
        "name": "should be at least 2 character(s)",
        "bio": "should be at most 5 character(s)",
        "email": "has invalid format",
        "role": "is invalid",
        "age": "is not a number",
    }
    assert not Changeset.valid(cs)


def test_a_field_keeps_its_first_error():
    cs = Changeset.cast({}, {"name": "", "email": "x"}, ["name", "email"])
    cs = Changeset.validate_required(cs, ["name"])
    cs = Changeset.validate_length(cs, "name", 2, -1)
    cs = Changeset.validate_format(cs, "email", "@")
    cs = Changeset.validate_length(cs, "email", 5, -1)
    assert Changeset.get_error(cs, "name") == "can't be blank"
    assert Changeset.get_error(cs, "email") == "has invalid format"


def test_required_looks_at_data_and_others_only_at_changes():
    cs = Changeset.cast({"name": "Existing"}, {}, ["name"])
    cs = Changeset.validate_required(cs, ["name"])
    cs = Changeset.validate_length(cs, "name", 50, -1)    # not in changes: not checked
    assert Changeset.valid(cs)


def test_validate_number_bounds_in_order():
    def err(value, *bounds):
        cs = Changeset.validate_number(Changeset.cast({}, {"n": value}, ["n"]), "n", *bounds)
        return Changeset.get_error(cs, "n")

    assert err(" 5 ", 5, -1, -1, -1) == "must be greater than 5"
    assert err("10", -1, 10, -1, -1) == "must be less than 10"
    assert err("3", -1, -1, 4, -1) == "must be greater than or equal to 4"
    assert err("8", -1, -1, -1, 7) == "must be less than or equal to 7"
    assert err("8", 1, 9, 8, 8) == ""
    assert err("1_000", -1, -1, -1, -1) == "is not a number"
    assert err("99999999999999999999", -1, -1, -1, -1) == "is not a number"


def test_cast_with_types_coerces_and_flags_invalid_values():
    types = ["age:BIGINT", "ratio:DOUBLE PRECISION", "ok:BOOLEAN", "name:TEXT", "when:TIMESTAMPTZ"]
    params = {"age": " 042 ", "ratio": "2.0", "ok": "YES", "name": " x ", "when": "now"}
    cs = Changeset.cast_with_types({}, params, ["age", "ratio", "ok", "name", "when"], types)
    assert Changeset.changes(cs) == {"age": "42", "ratio": "2", "ok": "true", "name": " x ", "when": "now"}
    bad = Changeset.cast_with_types({}, {"age": "4.5", "ratio": "abc", "ok": "maybe", "half": "0.5"},
                                    ["age", "ratio", "ok", "half"], types + ["half:DOUBLE PRECISION"])
    assert Changeset.errors(bad) == {"age": "is invalid", "ratio": "is invalid", "ok": "is invalid"}
    assert Changeset.changes(bad) == {"half": "0.5"}


# --------------------------------------------------------------------------
# Migration DDL text (section 8.1)


def test_migration_ddl_text():
    assert create_table_sql("users", ["id:UUID:PRIMARY KEY DEFAULT gen_random_uuid()", "age:BIGINT",
                                      "CONSTRAINT c CHECK (age > 0)"]) == (
        'CREATE TABLE IF NOT EXISTS "users" ("id" UUID PRIMARY KEY DEFAULT gen_random_uuid(), '
        '"age" BIGINT, CONSTRAINT c CHECK (age > 0))')
    assert create_table_sql("t", ["at:TIMESTAMPTZ:DEFAULT '2020-01-01 00:00:00'"]) == (
        'CREATE TABLE IF NOT EXISTS "t" ("at" TIMESTAMPTZ DEFAULT \'2020-01-01 00:00:00\')')
    assert add_column_sql("t", "bio:TEXT:NOT NULL DEFAULT ''") == (
        'ALTER TABLE "t" ADD COLUMN IF NOT EXISTS "bio" TEXT NOT NULL DEFAULT \'\'')
    assert add_column_sql("t", "raw TEXT") == 'ALTER TABLE "t" ADD COLUMN raw TEXT'
    assert create_index_sql("users", ["org_id", "email"], "unique: true") == (
        'CREATE UNIQUE INDEX IF NOT EXISTS "idx_users_org_id_email" ON "users" ("org_id", "email")')
    assert create_index_sql("ev", ["at"], "where: resolved = false") == (
        'CREATE INDEX IF NOT EXISTS "idx_ev_at" ON "ev" ("at") WHERE resolved = false')
