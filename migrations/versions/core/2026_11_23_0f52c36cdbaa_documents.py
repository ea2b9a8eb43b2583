"""Documents: uploaded evidence (receipts, photos, scanned forms, PDFs),
attached to any record through a generic (target_type, target_id) pair.

Revision ID: 0f52c36cdbaa
Revises: fa0f2314d163
Create Date: 2026-11-23 17:50:46.239205

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0f52c36cdbaa"
down_revision = "fa0f2314d163"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "document",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("original_filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_user_id", BigId, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("target_type", sa.String(length=60), nullable=True),
        sa.Column("target_id", sa.BigInteger(), nullable=True),
        sa.Column("tenant_id", BigId, nullable=False),
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.CheckConstraint(
            "kind IN ('receipt','photo','registration_form','tenure','minutes','statement','other')",
            name=op.f("ck_document_kind"),
        ),
        sa.CheckConstraint("(target_type IS NULL) = (target_id IS NULL)", name=op.f("ck_document_target_pair")),
        sa.CheckConstraint("size > 0", name=op.f("ck_document_size_positive")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_document_tenant_id_tenant"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"], ["user_account.id"],
            name=op.f("fk_document_uploaded_by_user_id_user_account"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("tenant_id", "id", name="uq_document_tenant_id"),
        sa.UniqueConstraint("tenant_id", "sha256", "target_type", "target_id", name="uq_document_same_file_same_target"),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index("ix_document_target", ["tenant_id", "target_type", "target_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_uploaded_by_user_id"), ["uploaded_by_user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_uploaded_by_user_id"))
        batch_op.drop_index(batch_op.f("ix_document_tenant_id"))
        batch_op.drop_index("ix_document_target")
    op.drop_table("document")
