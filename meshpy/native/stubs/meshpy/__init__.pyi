# Stubs of the meshpy runtime for typed islands (meshpy/native/compile.py
# type-checks islands against these, and nothing else of meshpy).
