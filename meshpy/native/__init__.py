"""`meshpy build --native`: typed islands compiled with mypyc (issue 14).

build.py hooks islands into a build, typed.py emits the typed Python
(prelude.py its fixed head; stubs/ the runtime names it imports),
compile.py runs mypyc through the cache, load.py loads an island at run
time. This file imports nothing: the runtime imports load.py alone.
"""
