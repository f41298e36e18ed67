"""Grouped citation phrases: the instrument named once, never a changed citation."""

from __future__ import annotations

import pytest

from app.law import KnowledgeBase
from app.letters.citations import join_citations, parse, with_item

PIPL, OGI = "《中华人民共和国个人信息保护法》", "《中华人民共和国政府信息公开条例》"


@pytest.mark.parametrize(
    ("language", "citations", "sep", "last", "expected"),
    [
        (
            "zh_CN",
            [f"{OGI}第二十七条", f"{OGI}第二十九条", f"{OGI}第三十三条", f"{PIPL}第四十五条第一款"],
            "、",
            "和",
            f"{OGI}第二十七条、第二十九条、第三十三条和{PIPL}第四十五条第一款",
        ),
        (
            "de",
            ["Art. 17 Abs. 1 DSGVO", "Art. 12 Abs. 3 DSGVO"],
            ", ",
            " und ",
            "Art. 17 Abs. 1 und Art. 12 Abs. 3 DSGVO",
        ),
        ("de", ["§ 57 Abs. 1 BDSG", "§ 59 Abs. 2 BDSG"], ", ", " und ", "§ 57 Abs. 1 und § 59 Abs. 2 BDSG"),
        ("de", ["Art. 18 DSGVO", "§ 35 BDSG"], ", ", " und ", "Art. 18 DSGVO und § 35 BDSG"),
        (
            "de",
            ["§ 57 Abs. 1 BDSG", "§ 59 Abs. 2 BDSG", "Art. 12 der Richtlinie (EU) 2016/680"],
            ", ",
            " und ",
            "§ 57 Abs. 1 und § 59 Abs. 2 BDSG sowie Art. 12 der Richtlinie (EU) 2016/680",
        ),
        (
            "en",
            [
                "Data Protection Act 2018, s.47(1)",
                "Data Protection Act 2018, s.48",
                "Data Protection Act 2018, s.54",
            ],
            ", ",
            " and ",
            "Data Protection Act 2018, ss.47(1), 48 and 54",
        ),
        (
            "en",
            ["UK GDPR, Article 15", "UK GDPR, Article 12A"],
            ", ",
            " and ",
            "UK GDPR, Articles 15 and 12A",
        ),
        ("en", ["GDPR art. 17(1)", "GDPR art. 12(3)"], ", ", " and ", "GDPR arts. 17(1) and 12(3)"),
        ("en", ["BDSG § 57(1)", "BDSG § 59(2)"], ", ", " and ", "BDSG §§ 57(1) and 59(2)"),
        (
            "en",
            ["PIPL art. 45(1)", "PIPL art. 50(1)", "Civil Code art. 1037(2)"],
            ", ",
            " and ",
            "PIPL arts. 45(1) and 50(1), and Civil Code art. 1037(2)",
        ),
        (
            "en",
            ["5 U.S.C. § 552a(d)(1)", "5 U.S.C. § 552a(d)(2)"],
            ", ",
            " and ",
            "5 U.S.C. § 552a(d)(1) and (d)(2)",
        ),
        # Different sections of Title 5 are different instruments here: never merged.
        (
            "en",
            [
                "5 U.S.C. § 552a(d)(1)",
                "Freedom of Information Act, 5 U.S.C. § 552",
                "5 U.S.C. § 552(a)(6)(A)(i)",
            ],
            ", ",
            " and ",
            "5 U.S.C. § 552a(d)(1), Freedom of Information Act, 5 U.S.C. § 552 and "
            "5 U.S.C. § 552(a)(6)(A)(i)",
        ),
        # Not consecutive: the instrument is named again.
        (
            "de",
            ["§ 57 Abs. 1 BDSG", "Art. 15 DSGVO", "§ 60 BDSG"],
            ", ",
            " und ",
            "§ 57 Abs. 1 BDSG, Art. 15 DSGVO und § 60 BDSG",
        ),
    ],
)
def test_join_groups_consecutive_pinpoints(
    language: str, citations: list[str], sep: str, last: str, expected: str
) -> None:
    assert join_citations(citations, language, sep, last) == expected


@pytest.mark.parametrize(
    ("language", "citation"),
    [
        ("de", "Art. 17 Abs. 3 lit. b und e DSGVO"),  # the pinpoint is itself a list
        ("de", "§§ 187, 188, 193 BGB"),
        ("de", "Art. 3 der Verordnung (EWG, Euratom) Nr. 1182/71"),
        ("en", "Administrative Reconsideration Law art. 11(xi), (xiv), (xv)"),
        ("en", "DPA 2018 s.54(3A)-(3B)"),
        ("en", "GB/T 35273-2020 cl. 8.7"),
        ("en", "BGB §§ 187, 188, 193"),
        ("zh_CN", "《中华人民共和国行政复议法》第十一条第（十一）项、第（十四）项、第（十五）项"),
        ("zh_CN", "《信息安全技术 个人信息安全规范》（GB/T 35273—2020）第8.7条"),
    ],
)
def test_unusual_citations_are_left_whole(language: str, citation: str) -> None:
    assert parse(citation, language) is None
    assert join_citations([citation, citation], language, ", ", " and ") == f"{citation} and {citation}"


def test_every_citation_in_the_law_data_regroups_to_itself(kb: KnowledgeBase) -> None:
    """Parsing and re-joining one citation gives it back unchanged (so grouping never rewrites one)."""
    matched = 0
    for provision in kb.provisions.values():
        forms = (
            (provision.original_language, provision.citation_original),
            ("en", provision.citation_en),
            *provision.citations.items(),
        )
        for language, text in forms:
            assert join_citations([text], language, ", ", " and ") == text
            parsed = parse(text, language)
            if parsed is not None:
                matched += 1
                # The pinpoint is the end (zh, en, us) or the start (de) of the citation.
                assert text.endswith(parsed.pin) or text.startswith(parsed.pin), text
    assert matched > 80


def test_item_goes_inside_a_german_citation_and_after_others() -> None:
    assert with_item("Art. 17 Abs. 1 DSGVO", "Buchst. a", "de") == "Art. 17 Abs. 1 Buchst. a DSGVO"
    assert with_item("§ 58 Abs. 2 BDSG", "Nr. 1", "de") == "§ 58 Abs. 2 Nr. 1 BDSG"
    assert with_item("GDPR art. 17(1)", "(a)", "en") == "GDPR art. 17(1)(a)"
    assert with_item("UK GDPR, Article 17", "(1)(a)", "en") == "UK GDPR, Article 17(1)(a)"
    assert with_item(f"{PIPL}第四十七条第一款", "第（一）项", "zh_CN") == f"{PIPL}第四十七条第一款第（一）项"
    assert with_item("Art. 12 der Richtlinie (EU) 2016/680", "Buchst. a", "de").endswith(", Buchst. a")
    assert with_item("§ 35 BDSG", "", "de") == "§ 35 BDSG"
