"""The build's stages as pure functions of their inputs, each looking up its result in a store.

Stage: pipeline, between `build` (the orchestrator) and the stages it calls
(`content`, `site`, `render`, `output`, `privacy`). Every function here takes
what it reads as arguments and returns an `Outcome`; none keeps state between
builds. The store is the only memory, and a key says exactly what a result read.
"""
