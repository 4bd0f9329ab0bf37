"""Lark parse results -> meshpy.ast: the rules for modules and items
(imports, functions, types, interfaces and impls, services, actors,
supervisors). `ToAst` (transform.py) mixes these in; the helpers they call
(`span`, `ident`, `make_block` …) are its own."""

from __future__ import annotations

import dataclasses

from .. import ast as A


class ItemRules:
    """Transformer callbacks for the item-level grammar rules."""

    # ------------------------------------------------------------ module and items

    def start(self, c):
        return c[0]

    def module(self, c):
        return [x for x in c if x is not None]

    def items(self, c):
        return [x for x in c if x is not None]

    def pub_item(self, c):
        pub_tok, item = c
        if isinstance(item, A.Node) and hasattr(item, "pub"):
            return dataclasses.replace(item, pub=True, span=self.span(pub_tok, item))
        return item

    def path(self, c):
        return tuple(self.ident(t) for t in c), self.span(c[0], c[-1])

    def import_stmt(self, c):
        (names, pspan) = c[1]
        return A.Import(self.span(c[0]).to(pspan), names)

    def import_name(self, c):
        return self.ident_node(c[0])

    def from_import(self, c):
        names, _ = c[1]
        idents = tuple(c[3:])
        return A.FromImport(self.span(c[0], idents[-1]), names, idents)

    def module_block(self, c):
        mod_tok, name, items, end = c
        return A.ModuleBlock(self.span(mod_tok, end), self.ident(name), tuple(items or ()))

    # ------------------------------------------------------------ functions

    def generics(self, c):
        return tuple(self.ident_node(t) for t in c if t.type == "NAME")

    def fn_params(self, c):
        return tuple(c[1] or ())

    def params(self, c):
        return list(c)

    def param(self, c):
        pattern, type_ = c
        end = type_ if type_ is not None else pattern
        return A.Param(self.span(pattern, end), pattern, type_)

    def self_param(self, c):
        span = self.tspan(c[0])
        return A.Param(span, A.PVar(span, "self"), None)

    def where_clause(self, c):
        return tuple(c[1:])

    def where_item(self, c):
        name = c[0]
        traits = tuple(p[0] for p in c[1:] if isinstance(p, tuple))
        return A.WhereClause(self.tspan(name), self.ident(name), traits)

    def do_body(self, c):
        stmts, end = c
        return ("do", self.make_block(stmts, end), end)

    def expr_body(self, c):
        expr = c[0]
        return ("expr", self.expr_block(expr), expr)

    def fn_def(self, c):
        fn_tok, name, generics, params, ret, where, guard, body = c
        kind, block, last = body
        return A.FnDef(
            span=self.span(fn_tok, last),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            generics=generics or (),
            params=params if params is not None else (),
            has_parens=params is not None,
            ret=ret,
            where=where or (),
            guard=guard,
            body=block,
            expr_body=kind == "expr",
        )

    def fn_sig(self, c):
        fn_tok, name, generics, params, ret, where = c
        last = where[-1] if where else ret if ret is not None else name
        return A.FnDef(
            span=self.span(fn_tok, last),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            generics=generics or (),
            params=params,
            has_parens=True,
            ret=ret,
            where=where or (),
            guard=None,
            body=None,
        )

    # ------------------------------------------------------------ types

    def named_type(self, c):
        *names, args = c
        args = args or ()
        last = args[-1] if args else names[-1]
        return A.TypeName(self.span(names[0], last), tuple(self.ident(t) for t in names), tuple(args))

    def type_args(self, c):
        return tuple(x for x in c if isinstance(x, A.Node))

    def option_type(self, c):
        """`T?`, `T??` …: Option<T>, once per `?`."""
        inner = c[0]
        for q in c[1:]:
            inner = A.TypeName(self.span(inner, q), ("Option",), (inner,))
        return inner

    def result_type(self, c):
        """`T!E`, `T?!E`: Result<T, E> (the error side is a full type)."""
        ok, err = self.option_type(c[:-2]), c[-1]
        return A.TypeName(self.span(ok, err), ("Result",), (ok, err))

    def tuple_type(self, c):
        items = tuple(x for x in c[1:-1] if x is not None)
        return A.TupleType(self.span(c[0], c[-1]), items)

    def fun_type(self, c):
        fun_tok, _lpar, *rest = c
        ret = rest[-1]
        params = tuple(x for x in rest[:-2] if isinstance(x, A.Node))
        return A.FunType(self.span(fun_tok, ret), params, ret)

    # ------------------------------------------------------------ structs, sum types

    def struct_def(self, c):
        kw, name, generics, members, end, deriving = c
        last = deriving[1] if deriving else end
        members = members or ()
        return A.StructDef(
            span=self.span(kw, last),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            generics=generics or (),
            fields=tuple(m for m in members if isinstance(m, A.FieldDef)),
            deriving=deriving[0] if deriving else None,
            schema=tuple(m for m in members if not isinstance(m, A.FieldDef)),
        )

    def schema_option(self, c):
        """A schema option or relationship line (supplement 1.6)."""
        kw, value, *rest = c
        span = self.span(kw, rest[-1] if rest else value)
        if rest:
            return A.Relationship(span, str(kw), str(value)[1:], self.ident(rest[0]))
        if value.type == "STRING":
            node = self.string_node(value)
            if not node.is_plain:
                self.error(node.span, 'expected string literal after `table` (e.g., table "people"): '
                           "the table name cannot contain `${…}`")
            return A.SchemaOption(span, "table", node.text)
        if value.type == "ATOM":
            return A.SchemaOption(span, "primary_key", str(value)[1:])
        return A.SchemaOption(span, "timestamps", value.type == "TRUE")

    def struct_fields(self, c):
        return list(c)

    def field_def(self, c):
        name, type_ = c
        return A.FieldDef(self.span(name, type_), self.ident(name), type_)

    def deriving(self, c):
        names = tuple(self.ident_node(t) for t in c if t is not None and t.type == "NAME")
        return names, c[-1]

    def sum_def(self, c):
        kw, name, generics, variants, end, deriving = c
        last = deriving[1] if deriving else end
        return A.SumTypeDef(
            span=self.span(kw, last),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            generics=generics or (),
            variants=tuple(variants or ()),
            deriving=deriving[0] if deriving else None,
        )

    def variants(self, c):
        return list(c)

    def variant_def(self, c):
        name = c[0]
        fields = tuple(x for x in c[1:] if isinstance(x, A.VariantField))
        last = c[-1] if c[-1] is not None else name
        return A.VariantDef(self.span(name, last), self.ident(name), fields)

    def named_variant_field(self, c):
        name, type_ = c
        return A.VariantField(self.span(name, type_), self.ident(name), type_)

    def positional_variant_field(self, c):
        return A.VariantField(c[0].span, None, c[0])

    def type_alias(self, c):
        kw, name, generics, type_ = c
        return A.TypeAlias(self.span(kw, type_), self.ident(name), self.tspan(name), generics or (), type_)

    # ------------------------------------------------------------ interfaces and impls

    def interface_def(self, c):
        kw, name, generics, members, end = c
        members = members or ()
        return A.InterfaceDef(
            span=self.span(kw, end),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            generics=generics or (),
            methods=tuple(m for m in members if isinstance(m, A.FnDef)),
            assoc_types=tuple(m for m in members if isinstance(m, A.AssocType)),
        )

    def iface_items(self, c):
        return list(c)

    impl_items = iface_items
    service_items = iface_items
    sup_items = iface_items
    settings = iface_items

    def assoc_type_decl(self, c):
        kw, name = c
        return A.AssocType(self.span(kw, name), self.ident(name), None)

    def assoc_type_binding(self, c):
        kw, name, type_ = c
        return A.AssocType(self.span(kw, type_), self.ident(name), type_)

    def impl_def(self, c):
        kw, (trait_path, tspan), targs, for_tok, for_type, where, members, end = c
        targs = targs or ()
        trait = A.TypeName(tspan if not targs else tspan.to(targs[-1].span), trait_path, tuple(targs))
        members = members or ()
        return A.ImplDef(
            span=self.span(kw, end),
            trait=trait,
            for_type=for_type,
            where=where or (),
            methods=tuple(m for m in members if isinstance(m, A.FnDef)),
            assoc_types=tuple(m for m in members if isinstance(m, A.AssocType)),
        )

    # ------------------------------------------------------------ services, actors, supervisors

    def service_def(self, c):
        kw, name, members, end = c
        members = members or ()
        init = None
        handlers = []
        for m in members:
            if isinstance(m, A.FnDef):
                if m.name != "init":
                    self.error(m.name_span, f"a service may only define `fn init`, not `fn {m.name}`; "
                               "move helper functions out of the service block")
                elif init is not None:
                    self.error(m.name_span, "a service has only one `fn init`")
                else:
                    init = m
            else:
                handlers.append(m)
        return A.ServiceDef(self.span(kw, end), self.ident(name), self.tspan(name), init, tuple(handlers))

    def handler(self, c):
        kw, name, params, reply, state, stmts, end = c
        return A.Handler(
            span=self.span(kw, end),
            kind=str(kw),
            name=self.ident(name),
            name_span=self.tspan(name),
            params=params or (),
            reply_type=reply,
            state=state,
            body=self.make_block(stmts, end),
        )

    def state_param(self, c):
        return self.ident_node(c[0])

    def actor_def(self, c):
        kw, name, params, stmts, terminate, end = c
        return A.ActorDef(
            span=self.span(kw, end),
            name=self.ident(name),
            name_span=self.tspan(name),
            params=params or (),
            body=self.make_block(stmts, end),
            terminate=terminate,
        )

    def terminate_clause(self, c):
        kw, stmts, end = c
        return self.make_block(stmts, kw) if stmts else A.Block(self.span(kw, end), ())

    def supervisor_def(self, c):
        kw, name, members, end = c
        members = members or ()
        return A.SupervisorDef(
            span=self.span(kw, end),
            name=self.ident(name),
            name_span=self.tspan(name),
            pub=False,
            settings=tuple(m for m in members if isinstance(m, A.SupervisorSetting)),
            children=tuple(m for m in members if isinstance(m, A.ChildSpec)),
        )

    def child_spec(self, c):
        kw, name, settings, end = c
        return A.ChildSpec(self.span(kw, end), self.ident(name), tuple(settings or ()))

    def setting(self, c):
        name, value = c
        return A.SupervisorSetting(self.span(name, value), self.ident(name), value)
