"""`handouts check`: lint content and clinic profiles (readability, review dates, images, red
flags) before anything is printed."""

DEFAULT_LIX_LIMIT = 55  # warn above this LIX (Danish scale: 45-54 hard, 55+ very hard)
