"""Row makers for the tenancy leak test: welfare funds, sources, budgets,
members, governance and benefits."""

from __future__ import annotations

import secrets
from datetime import date

ALIASES = {
    "fund_id": "welfare_fund",
    "meeting_id": "welfare_meeting",
    "resolution_id": "welfare_resolution",
    "disbursement_id": "welfare_disbursement",
    "signatory_id": "welfare_signatory",
    "grant_id": "welfare_grant",
    "tranche_id": "welfare_grant_tranche",
    "matching_id": "welfare_matching_contribution",
    "budget_id": "welfare_budget",
    "member_id": "welfare_member",
    "claim_id": "welfare_benefit_claim",
}

DAY = date(2026, 1, 15)


def makers(helpers) -> dict:
    from core.db import db
    from core.tenancy.context import tenant_context
    from tests.factories.welfare import make_fund
    from welfare.models import benefits, funds, governance, members, sources

    def fund(tenant) -> int:
        with tenant_context(tenant.id):
            row = make_fund(name=f"กองทุน {secrets.token_hex(4)}", kind="welfare", public=True)
            db.session.commit()
            return row.id

    def add(tenant, obj) -> int:
        return helpers.commit_in(tenant, obj)

    def meeting(tenant) -> int:
        return add(
            tenant,
            governance.Meeting(
                fund_id=fund(tenant),
                held_on=DAY,
                kind="committee",
                title="ประชุม",
                attendee_count=5,
                eligible_count=7,
            ),
        )

    def resolution(tenant) -> int:
        with tenant_context(tenant.id):
            m = db.session.get(governance.Meeting, meeting(tenant))
            fund_id = m.fund_id
        return add(
            tenant,
            governance.Resolution(
                fund_id=fund_id,
                meeting_id=m.id,
                kind="disbursement",
                amount_cap_satang=1_000_00,
                purpose="ทดสอบ",
            ),
        )

    def disbursement(tenant) -> int:
        r_id = resolution(tenant)
        with tenant_context(tenant.id):
            fund_id = db.session.get(governance.Resolution, r_id).fund_id
        user = helpers.make_user()
        return add(
            tenant,
            governance.Disbursement(
                fund_id=fund_id,
                resolution_id=r_id,
                amount_satang=100_00,
                purpose="ทดสอบ",
                target_type="test.leak",
                target_id=1,
                requested_by=user.id,
                required=2,
                status="pending",
            ),
        )

    def approval(tenant) -> int:
        return add(
            tenant,
            governance.Approval(
                disbursement_id=disbursement(tenant),
                user_id=helpers.make_user().id,
                decision="approve",
            ),
        )

    def approval_policy(tenant) -> int:
        f = fund(tenant)
        with tenant_context(tenant.id):
            import sqlalchemy as sa

            return db.session.scalar(
                sa.select(governance.ApprovalPolicy.id).where(
                    governance.ApprovalPolicy.fund_id == f
                )
            )

    def signatory(tenant) -> int:
        return add(
            tenant,
            governance.Signatory(
                fund_id=fund(tenant), user_id=helpers.make_user().id, valid_from=DAY
            ),
        )

    def budget(tenant) -> int:
        return add(
            tenant, funds.Budget(fund_id=fund(tenant), name="งบ", period_start=DAY, period_end=DAY)
        )

    def budget_line(tenant) -> int:
        b = budget(tenant)
        with tenant_context(tenant.id):
            fund_id = db.session.get(funds.Budget, b).fund_id
        return add(
            tenant,
            funds.BudgetLine(
                budget_id=b, fund_id=fund_id, category="other", name="x", amount_satang=100_00
            ),
        )

    def member(tenant) -> int:
        person = helpers.make_person(tenant)
        return add(tenant, members.Member(fund_id=fund(tenant), person_id=person.id, joined_on=DAY))

    def _member_fund(tenant):
        m = member(tenant)
        with tenant_context(tenant.id):
            return m, db.session.get(members.Member, m).fund_id

    def grant(tenant) -> int:
        return add(
            tenant,
            sources.Grant(
                fund_id=fund(tenant),
                grantor_name="พอช.",
                grantor_kind="codi",
                total_satang=1_000_00,
            ),
        )

    def tranche(tenant) -> int:
        g = grant(tenant)
        with tenant_context(tenant.id):
            fund_id = db.session.get(sources.Grant, g).fund_id
        return add(
            tenant, sources.GrantTranche(grant_id=g, fund_id=fund_id, seq=1, amount_satang=100_00)
        )

    def grant_use(tenant) -> int:
        return add(tenant, sources.GrantUse(grant_id=grant(tenant), use="benefits"))

    def restricted_draw(tenant) -> int:
        g = grant(tenant)
        d = disbursement(tenant)
        return add(
            tenant,
            sources.RestrictedDraw(grant_id=g, disbursement_id=d, use="benefits", amount_satang=100),
        )

    def donation(tenant) -> int:
        return add(
            tenant, sources.Donation(fund_id=fund(tenant), amount_satang=100_00, received_on=DAY)
        )

    def schedule(tenant) -> int:
        m, f = _member_fund(tenant)
        return add(tenant, sources.ContributionSchedule(fund_id=f, member_id=m, starts_on=DAY))

    def contribution(tenant) -> int:
        m, f = _member_fund(tenant)
        return add(
            tenant,
            sources.ContributionPayment(fund_id=f, member_id=m, amount_satang=100, paid_on=DAY),
        )

    def matching(tenant) -> int:
        return add(
            tenant,
            sources.MatchingContribution(
                fund_id=fund(tenant), matcher_name="อบต.", year=2026, amount_satang=100_00
            ),
        )

    def benefit_type(tenant) -> int:
        return add(
            tenant,
            benefits.BenefitType(
                fund_id=fund(tenant), code="birth", name="คลอด", per_event_cap_satang=100_00
            ),
        )

    def claim(tenant) -> int:
        m, f = _member_fund(tenant)
        t = add(
            tenant,
            benefits.BenefitType(fund_id=f, code="death", name="ตาย", per_event_cap_satang=100_00),
        )
        return add(
            tenant,
            benefits.BenefitClaim(
                fund_id=f,
                member_id=m,
                benefit_type_id=t,
                event_date=DAY,
                amount_requested_satang=100_00,
            ),
        )

    return {
        "welfare_fund": fund,
        "welfare_meeting": meeting,
        "welfare_resolution": resolution,
        "welfare_disbursement": disbursement,
        "welfare_approval": approval,
        "welfare_approval_policy": approval_policy,
        "welfare_signatory": signatory,
        "welfare_budget": budget,
        "welfare_budget_line": budget_line,
        "welfare_member": member,
        "welfare_grant": grant,
        "welfare_grant_tranche": tranche,
        "welfare_grant_use": grant_use,
        "welfare_restricted_draw": restricted_draw,
        "welfare_donation": donation,
        "welfare_contribution_schedule": schedule,
        "welfare_contribution_payment": contribution,
        "welfare_matching_contribution": matching,
        "welfare_benefit_type": benefit_type,
        "welfare_benefit_claim": claim,
    }
