"""Photos for the web: reading their size, removing what they say about their author, resizing.

Stage: images. Pure functions of bytes; the only package that imports Pillow.
The pipeline (pipeline/images.py) decides what to process and remembers results.
"""
