"""The names `meshpy.runtime.prelude` exports, which the emitted code imports
with `from meshpy.runtime.prelude import *`: no Mesh name may be spelled like
one of them (lower/names.py mangles those).

Kept as a literal so that compiling a program does not import the runtime
(asyncio and the process machinery cost ~20 ms of a cold build);
tests/tooling/test_structure.py checks it equals `prelude.__all__`.
"""

PRELUDE_NAMES = frozenset({
    'Changeset', 'ChildSpec', 'DerivedEq', 'DerivedHash', 'DerivedOrd', 'EQUAL', 'Env', 'Equal',
    'Err', 'File', 'Float', 'GREATER', 'Global', 'Greater', 'HTTP', 'IO', 'Int', 'Iter', 'JSON',
    'Job', 'Json', 'JsonValue', 'LESS', 'Less', 'List', 'ListOf', 'Map', 'MapOf', 'Math',
    'MeshIter', 'MeshPanic', 'MeshQueue', 'MeshSet', 'Migration', 'NONE', 'Node', 'NoneVariant',
    'Ok', 'OptionOf', 'Orm', 'Pg', 'Pool', 'Process', 'Query', 'Queue', 'Range', 'Repo', 'Request',
    'Service', 'Set', 'Some', 'Sqlite', 'String', 'Struct', 'SupervisorSpec', 'TIMEOUT', 'T_BOOL',
    'T_FLOAT', 'T_INT', 'T_STRING', 'Timer', 'Tuple', 'TypeRef', 'Variant', 'Ws', 'call', 'cast',
    'compare', 'compare_async', 'derive_from_json', 'derive_from_row', 'dispatch', 'display',
    'display_async', 'eprintln', 'eq_async', 'fdiv', 'fmod', 'fne', 'gadd', 'gdiv', 'gmod', 'gmul',
    'gneg', 'gsub', 'i64', 'idiv', 'imod', 'ineg', 'link', 'match_failed', 'mesh_cmp', 'mesh_eq', 'panic',
    'print_', 'println', 'register_impl', 'run_program', 'send', 'show_bool', 'show_float',
    'spawn_actor', 'spawn_fn', 'spawn_supervisor', 'start_service', 'to_json_value', 'use_impls',
    'yield_now',
})
