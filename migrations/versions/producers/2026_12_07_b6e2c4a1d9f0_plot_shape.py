"""Plot shape: the outline a producer draws (a GeoJSON Polygon), whose area
becomes the plot's area.

Revision ID: b6e2c4a1d9f0
Revises: a05cc2d6a9c4
"""

import sqlalchemy as sa
from alembic import op

revision = "b6e2c4a1d9f0"
down_revision = "a05cc2d6a9c4"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("producer_plot", sa.Column("shape", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("producer_plot", "shape")
