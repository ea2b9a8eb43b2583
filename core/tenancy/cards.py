"""Landing-page cards for the kernel's own tenant pages."""

from core.errors import N_
from core.modules import ModuleCard, register

ALL_KINDS = frozenset({"network", "council", "community", "pgs_network", "foundation"})

for card in (
    ModuleCard("network", "tenancy.network", N_("Network overview"),
               N_("Villages, households and people of each member organisation, as counts"),
               frozenset({"network", "pgs_network"}), "network.aggregates"),
    ModuleCard("network_members", "tenancy.network_members", N_("Member organisations"),
               N_("Add organisations to the network and name their administrators"),
               frozenset({"network", "pgs_network"}), "network.manage"),
    ModuleCard("ledger", "ledger.index", N_("Accounts and journal"),
               N_("Balances, the journal and period closing"), ALL_KINDS, "ledger.view"),
    ModuleCard("audit", "audit.index", N_("Audit log"),
               N_("Who changed what, and when"), ALL_KINDS, "audit.view"),
    ModuleCard("notifications", "notifications.index", N_("Messages sent"),
               N_("Reminders and notices, and whether they arrived"), ALL_KINDS, "notifications.view"),
    ModuleCard("payments", "payments.index", N_("Payments"),
               N_("Money received, refunds and receipts"), ALL_KINDS, "payments.view"),
    ModuleCard("settings", "tenancy.settings", N_("Organisation settings"),
               N_("Names, contact details and time zone"), ALL_KINDS, "tenant.manage"),
):
    register(card)
