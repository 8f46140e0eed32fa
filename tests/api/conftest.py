from tests.petitions.conftest import (  # noqa: F401  (fixtures)
    a_later_today,
    confidential_a,
    handler_a,
    world,
)
