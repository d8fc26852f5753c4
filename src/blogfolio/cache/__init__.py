"""The build's memory: stage results remembered by a digest of their inputs.

Stage: cache, beside the pipeline. `build` asks a `Store` for each stage's
result under its key before computing it. Imports only the standard library.
"""
