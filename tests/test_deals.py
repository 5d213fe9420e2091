"""Deals: asset, parties, sector, value or stake, condition and status, in Arabic and English."""
from __future__ import annotations

import json

from click.testing import CliRunner

from backchannel.cli import cli

HEADER = "# outlet: Test Wire\n# date: 2025-11-29\n"


def one(data: dict, **fields) -> dict:
    found = [d for d in data["deals"] if all(d.get(k) == v for k, v in fields.items())]
    assert len(found) == 1, [(d["asset"], d["evidence"][0]["text"]) for d in data["deals"]]
    return found[0]


def party_names(data: dict, deal: dict) -> set[str]:
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    return {by_id[p] for p in deal["parties"]}


def test_known_asset_with_stake_condition_and_status(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وكان المستثمر جنتري بيتش في مفاوضات للاستحواذ على 9.9% من مشروع الغاز الطبيعي "
                                       "المسال في القطب الشمالي مع نوفاتك، إذا رفعت الولايات المتحدة والمملكة المتحدة "
                                       "العقوبات عنه.\n"})
    deal = one(data, asset="Arctic LNG 2")
    assert deal["sector"] == "energy" and deal["status"] == "negotiating"
    assert (deal["value"]["amount"], deal["value"]["unit"]) == (9.9, "%")
    assert deal["condition"].startswith("إذا رفعت الولايات المتحدة")
    texts = {d["id"]: d["text"] for d in data["documents"]}
    ev = deal["evidence"][0]
    assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["text"]


def test_money_value_and_parties(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ودفع كيريل ديميترييف نحو خطة تسمح للشركات الأميركية بالوصول إلى نحو 300 مليار "
                                       "دولار من أصول البنك المركزي الروسي المجمدة في أوروبا.\n"})
    deal = one(data, asset="Frozen Russian central-bank assets")
    assert deal["value"]["amount"] == 300_000_000_000 and deal["value"]["unit"] == "USD" and deal["value"]["approx"]
    assert "Kirill Dmitriev" in party_names(data, deal)
    assert deal["sector"] == "finance"


def test_a_longer_asset_name_wins(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ويسعى المستثمر ستيفن لينش للحصول على موافقة للمزايدة على خط أنابيب "
                                       "\"نورد ستريم 2\" إذا طُرح للبيع.\n"})
    deal = one(data, asset="Nord Stream 2")
    assert deal["status"] == "seeking" and deal["condition"].startswith("إذا")


def test_generic_deal_needs_a_sector_or_an_amount(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "وعرض رجال أعمال روس على نظرائهم الأميركيين امتيازات غازية في بحر أوخوتسك.\n"
                                       "وقال المتحدث إن الصفقة الكبرى ممكنة.\n"})
    deal = one(data, sector="energy")
    assert deal["status"] == "proposed"
    assert "امتيازات" in deal["evidence"][0]["text"]


def test_a_payment_is_a_deal(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ووظّف المستثمر مستشاراً مقابل 600 ألف دولار على مدى ستة أشهر.\n"})
    [deal] = data["deals"]
    assert deal["value"]["amount"] == 600_000


def test_english_deal(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ExxonMobil discussed a return to the Sakhalin project with Rosneft.\n"})
    deal = one(data, asset="Sakhalin oil and gas projects")
    assert deal["status"] == "discussed" and deal["sector"] == "energy"
    assert {"ExxonMobil", "Rosneft"} <= party_names(data, deal)


def test_deals_command(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "ExxonMobil discussed a return to the Sakhalin project with Rosneft.\n",
                     "b.txt": "# outlet: Other Wire\nوناقشت إكسون موبيل مع روسنفت العودة إلى مشروع سخالين.\n"})
    rows = json.loads(CliRunner().invoke(cli, ["deals", "--db", str(data["_db"]), "--json"]).output)
    assert [r["corroboration"] for r in rows if r["asset"] == "Sakhalin oil and gas projects"] == [2]
    filtered = json.loads(CliRunner().invoke(cli, ["deals", "--db", str(data["_db"]), "--json", "--sector", "mining"]).output)
    assert filtered == []
    table = CliRunner().invoke(cli, ["deals", "--db", str(data["_db"])])
    assert table.exit_code == 0 and "Sakhalin" in table.output


def test_a_funds_name_and_a_metadata_line_are_no_deals(build_kb) -> None:
    data = build_kb({"a.md": "# outlet: Test Wire\n# date: 2025-11-29\n# url: https://example.org/2025/lukoil-assets-sale\n\n"
                             "وصل رئيس صندوق الاستثمار المباشر الروسي كيريل ديميترييف إلى ميامي.\n"})
    assert data["deals"] == [], [(d["asset"], d["evidence"][0]["text"]) for d in data["deals"]]


def test_an_agreement_on_a_sector_is_a_deal_but_a_ceasefire_on_it_is_not(build_kb) -> None:
    data = build_kb({"a.txt": HEADER + "واتفق ترامب وزيلينسكي على إبرام اتفاق لتطوير الموارد المعدنية في أوكرانيا.\n",
                     "b.txt": HEADER + "وتوصل الجانبان إلى اتفاق لوقف الضربات على منشآت الطاقة.\n",
                     "c.txt": HEADER + "The sides reached a ceasefire deal covering energy facilities.\n"})
    deal = one(data, sector="mining")
    assert deal["status"] == "agreed" and deal["evidence"][0]["doc"] == "a"
    assert len(data["deals"]) == 1, [d["evidence"][0]["text"] for d in data["deals"]]
