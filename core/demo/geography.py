"""The slice of national geography the demo needs: Phatthalung and Songkhla.

Codes follow the Department of Provincial Administration's scheme (province 2
digits, district 4, subdistrict 6)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import District, Province, Subdistrict

PROVINCES = (
    ("93", "พัทลุง", "Phatthalung"),
    ("90", "สงขลา", "Songkhla"),
)

DISTRICTS = (
    ("93", "9301", "เมืองพัทลุง", "Mueang Phatthalung"),
    ("93", "9302", "กงหรา", "Kong Ra"),
    ("93", "9303", "เขาชัยสน", "Khao Chaison"),
    ("93", "9304", "ตะโหมด", "Tamot"),
    ("93", "9305", "ควนขนุน", "Khuan Khanun"),
    ("93", "9306", "ปากพะยูน", "Pak Phayun"),
    ("93", "9307", "ศรีบรรพต", "Si Banphot"),
    ("93", "9308", "ป่าบอน", "Pa Bon"),
    ("93", "9309", "บางแก้ว", "Bang Kaeo"),
    ("93", "9310", "ป่าพะยอม", "Pa Phayom"),
    ("93", "9311", "ศรีนครินทร์", "Srinagarindra"),
    ("90", "9001", "เมืองสงขลา", "Mueang Songkhla"),
)

SUBDISTRICTS = (
    ("9308", "930801", "ป่าบอน", "Pa Bon"),
    ("9308", "930802", "โคกทราย", "Khok Sai"),
    ("9306", "930601", "ปากพะยูน", "Pak Phayun"),
    ("9311", "931104", "ลำสินธุ์", "Lam Sin"),
    ("9303", "930301", "เขาชัยสน", "Khao Chaison"),
    ("9307", "930703", "ตะแพน", "Taphaen"),
    ("9001", "900101", "บ่อยาง", "Bo Yang"),
)


def ensure_geography() -> dict[str, Subdistrict]:
    """Create what is missing; return the subdistricts by code."""
    provinces = {p.code: p for p in db.session.scalars(sa.select(Province))}
    for code, th, en in PROVINCES:
        if code not in provinces:
            provinces[code] = Province(code=code, name_th=th, name_en=en)
            db.session.add(provinces[code])
    db.session.flush()
    districts = {d.code: d for d in db.session.scalars(sa.select(District))}
    for province_code, code, th, en in DISTRICTS:
        if code not in districts:
            districts[code] = District(
                province_id=provinces[province_code].id, code=code, name_th=th, name_en=en
            )
            db.session.add(districts[code])
    db.session.flush()
    subdistricts = {s.code: s for s in db.session.scalars(sa.select(Subdistrict))}
    for district_code, code, th, en in SUBDISTRICTS:
        if code not in subdistricts:
            subdistricts[code] = Subdistrict(
                district_id=districts[district_code].id, code=code, name_th=th, name_en=en
            )
            db.session.add(subdistricts[code])
    db.session.flush()
    return subdistricts
