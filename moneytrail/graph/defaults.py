"""Default sizes of a network answer, apart from the path search so that commands can show
them as option defaults without loading it."""

DEFAULT_MAX_PATH = 6  # links between an entity and a designated party, at most
DEFAULT_NODE_LIMIT = 300  # entities in one picture before it stops being readable
