"""`handouts check`: lint content and clinic profiles (readability, review dates, images, red
flags) before anything is printed."""
