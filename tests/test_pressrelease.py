from microsite.errors import Location
from microsite.model import Member, MemberList, ShareStyle
from microsite.pressrelease import (
    ap_state,
    generated_title,
    headline_names,
    join_names,
    party_initial,
    signatory_line,
    state_name,
)

WHERE = Location("content/members/x.yml", 1, 1)
HELSINKI = "members of the Helsinki Commission"


def us_member(id, name, last_name, party, state, title="Senator", list_id="senate"):
    return Member(id, name, list_id, WHERE, last_name=last_name, title=title, party=party, region=state)


def lists_for(*member_lists):
    return {lst.id: lst for lst in member_lists}


US_LISTS = lists_for(
    MemberList("senate", "content/members/senate.yml", "Senate", country="US"),
    MemberList("house", "content/members/house.yml", "House", country="US"),
)

# The seed statement of 19 November 2018; only public facts: name, party, state.
SEED = [
    us_member("wicker", "Roger Wicker", "Wicker", "Republican", "MS"),
    us_member("shaheen", "Jeanne Shaheen", "Shaheen", "Democrat", "NH"),
    us_member("coons", "Chris Coons", "Coons", "Democrat", "DE"),
    us_member("rubio", "Marco Rubio", "Rubio", "Republican", "FL"),
]

DOE = us_member("doe", "Jane Doe", "Doe", "Democratic", "CA")
ROE = us_member("roe", "John Roe", "Roe", "Republican", "TX")
POE = us_member("poe", "Ann Poe", "Poe", "Independent", "VT")
LOE = us_member("loe", "Sam Loe", "Loe", "Republican", "AK")
MOE = us_member("moe", "Kim Moe", "Moe", "Democrat", "WV")
REP_ZOE = us_member("zoe", "Zoe Example", "Example", "D", "NJ", title="Representative", list_id="house")
REP_ROY = us_member("roy", "Roy Sample", "Sample", "R", "PR", title="Representative", list_id="house")


# --- the seed ---------------------------------------------------------------------------------------------


def test_seed_headline_names():
    assert headline_names(SEED, ShareStyle()) == "Wicker, Shaheen, Coons, & Rubio"


def test_seed_generated_title():
    headline = "Warn Against Russian Leadership of Interpol Ahead of General Assembly Vote"
    assert generated_title(SEED, headline, ShareStyle()) == (
        "Wicker, Shaheen, Coons, & Rubio Warn Against Russian Leadership of Interpol Ahead of General Assembly Vote"
    )


def test_seed_signatory_line():
    assert signatory_line(SEED, US_LISTS, HELSINKI) == (
        "U.S. Senators Roger Wicker, R-Miss., Jeanne Shaheen, D-N.H., Chris Coons, D-Del., and Marco Rubio, "
        "R-Fla., members of the Helsinki Commission, issued the following joint statement"
    )


# --- one, two, three and five signatories -----------------------------------------------------------------


def test_one_signatory():
    assert headline_names([DOE]) == "Doe"
    assert signatory_line([DOE], US_LISTS) == "U.S. Senator Jane Doe, D-Calif., issued the following statement"


def test_one_signatory_singular_group_phrase():
    assert signatory_line([DOE], US_LISTS, HELSINKI) == (
        "U.S. Senator Jane Doe, D-Calif., a member of the Helsinki Commission, issued the following statement"
    )


def test_other_group_phrases_are_kept_as_given():
    assert signatory_line([DOE], US_LISTS, "chair of the Example Caucus") == (
        "U.S. Senator Jane Doe, D-Calif., chair of the Example Caucus, issued the following statement"
    )


def test_two_signatories():
    assert headline_names([DOE, ROE]) == "Doe & Roe"
    assert signatory_line([DOE, ROE], US_LISTS) == (
        "U.S. Senators Jane Doe, D-Calif., and John Roe, R-Texas, issued the following joint statement"
    )


def test_three_signatories():
    assert headline_names([DOE, ROE, POE]) == "Doe, Roe, & Poe"
    assert signatory_line([DOE, ROE, POE], US_LISTS, HELSINKI) == (
        "U.S. Senators Jane Doe, D-Calif., John Roe, R-Texas, and Ann Poe, I-Vt., "
        "members of the Helsinki Commission, issued the following joint statement"
    )


def test_five_signatories():
    five = [DOE, ROE, POE, LOE, MOE]
    assert headline_names(five, ShareStyle(serial_comma=False, conjunction="and")) == "Doe, Roe, Poe, Loe and Moe"
    assert signatory_line(five, US_LISTS) == (
        "U.S. Senators Jane Doe, D-Calif., John Roe, R-Texas, Ann Poe, I-Vt., Sam Loe, R-Alaska, "
        "and Kim Moe, D-W.Va., issued the following joint statement"
    )


def test_a_signatory_format_names_us_members_too():
    # site.yml's `signatory_format` for the language replaces AP style, titles and all.
    line = signatory_line([DOE, ROE], US_LISTS, signatory_format="{name} ({party})")
    assert line == "Jane Doe (Democratic) and John Roe (Republican) issued the following joint statement"


# --- mixed chambers, titles and lists -----------------------------------------------------------------------


def test_two_chambers_one_each():
    assert signatory_line([DOE, REP_ZOE], US_LISTS, "co-chairs of the Example Caucus") == (
        "U.S. Senator Jane Doe, D-Calif., and U.S. Representative Zoe Example, D-N.J., "
        "co-chairs of the Example Caucus, issued the following joint statement"
    )


def test_mixed_chambers_grouped_by_title_in_order_of_first_appearance():
    members = [DOE, REP_ZOE, ROE, REP_ROY]
    assert signatory_line(members, US_LISTS) == (
        "U.S. Senators Jane Doe, D-Calif., and John Roe, R-Texas, and U.S. Representatives Zoe Example, D-N.J., "
        "and Roy Sample, R-P.R., issued the following joint statement"
    )
    assert headline_names(members) == "Doe, Example, Roe, & Sample"


def test_three_titles():
    delegate = us_member("kai", "Kai Test", "Test", "Democrat", "GU", title="Delegate", list_id="house")
    assert signatory_line([REP_ZOE, DOE, delegate], US_LISTS) == (
        "U.S. Representative Zoe Example, D-N.J., U.S. Senator Jane Doe, D-Calif., and U.S. Delegate Kai Test, "
        "D-Guam, issued the following joint statement"
    )


def test_member_country_marks_a_us_member_without_a_us_list():
    member = Member("ivy", "Ivy Doe", "misc", WHERE, title="Senator", party="R", region="OH", country="US")
    assert signatory_line([member], {}) == "U.S. Senator Ivy Doe, R-Ohio, issued the following statement"


def test_non_federal_title_gets_no_us_prefix():
    governor = us_member("gov", "Pat Doe", "Doe", "Democrat", "NY", title="Governor", list_id="governors")
    lists = lists_for(MemberList("governors", "content/members/governors.yml", "Governors", country="US"))
    assert signatory_line([governor], lists) == "Governor Pat Doe, D-N.Y., issued the following statement"


def test_us_members_without_title_are_just_names():
    plain = Member("al", "Al Doe", "senate", WHERE, party="Democrat", region="MN")
    assert signatory_line([plain, DOE], US_LISTS) == (
        "Al Doe, D-Minn., and U.S. Senator Jane Doe, D-Calif., issued the following joint statement"
    )


UK = MemberList(
    "commons",
    "content/members/commons.yml",
    "House of Commons",
    country="GB",
    signatory_format="{name} MP ({party}, {region})",
)


def uk_member(id, name, party, region):
    return Member(id, name, "commons", WHERE, title="MP", party=party, region=region, country="GB")


def test_non_us_list_uses_its_signatory_format():
    members = [uk_member("a", "Jane Doe", "Labour", "Bristol West"), uk_member("b", "John Roe", "Conservative", "")]
    assert signatory_line(members, lists_for(UK), "members of the Example APPG") == (
        "Jane Doe MP (Labour, Bristol West) and John Roe MP (Conservative), "
        "members of the Example APPG, issued the following joint statement"
    )


def test_non_us_default_format_leaves_out_empty_parts():
    lists = lists_for(MemberList("bundestag", "content/members/bundestag.yml", "Bundestag", country="DE"))
    members = [
        Member("m1", "Erika Muster", "bundestag", WHERE, party="SPD", region="Berlin"),
        Member("m2", "Max Muster", "bundestag", WHERE, region="Hamburg"),
        Member("m3", "Eva Beispiel", "bundestag", WHERE),
    ]
    assert signatory_line(members, lists) == (
        "Erika Muster (SPD, Berlin), Max Muster (Hamburg), and Eva Beispiel issued the following joint statement"
    )


def test_a_country_delegation_has_no_party():
    france = Member("fr", "France", "interpol", WHERE, title="Delegation", region="FR", country="FR")
    lists = lists_for(
        MemberList("interpol", "content/members/interpol.yml", "Interpol", signatory_format="{name}"),
        US_LISTS["senate"],
    )
    assert signatory_line([france], lists) == "France issued the following statement"
    assert signatory_line([france, DOE], lists) == (
        "France and U.S. Senator Jane Doe, D-Calif., issued the following joint statement"
    )
    assert headline_names([france, DOE]) == "France & Doe"


def test_mixed_us_and_non_us():
    members = [DOE, uk_member("a", "Jane Roe", "Labour", "Bath")]
    assert signatory_line(members, {**US_LISTS, **lists_for(UK)}) == (
        "U.S. Senator Jane Doe, D-Calif., and Jane Roe MP (Labour, Bath) issued the following joint statement"
    )


def test_no_signatories():
    assert signatory_line([], US_LISTS) == ""
    assert generated_title([], "Warn Against Something") == "Warn Against Something"


# --- helpers ----------------------------------------------------------------------------------------------


def test_ap_state_tricky_cases():
    assert ap_state("MS") == "Miss."
    assert ap_state("NH") == "N.H."
    assert ap_state("CA") == "Calif."
    assert ap_state("WV") == "W.Va."
    assert ap_state("OR") == "Ore."
    assert ap_state("KS") == "Kan."
    assert ap_state("NE") == "Neb."
    assert ap_state("mi") == "Mich."
    assert ap_state("Mississippi") == "Miss."


def test_ap_state_spells_out_eight_states_and_some_territories():
    for code in ("AK", "HI", "ID", "IA", "ME", "OH", "TX", "UT"):
        assert ap_state(code) == state_name(code)
    assert ap_state("DC") == "D.C."
    assert ap_state("PR") == "P.R."
    assert ap_state("GU") == "Guam"
    assert ap_state("VI") == "V.I."
    assert ap_state("AS") == "American Samoa"
    assert ap_state("MP") == "N. Mariana Islands"


def test_ap_state_unknown_unchanged():
    assert ap_state("ZZ") == "ZZ"
    assert ap_state("Bristol West") == "Bristol West"
    assert ap_state("") == ""


def test_state_name():
    assert state_name("MS") == "Mississippi"
    assert state_name("DC") == "District of Columbia"
    assert state_name("MP") == "Northern Mariana Islands"
    assert state_name("XX") == "XX"


def test_every_state_and_territory_is_known():
    codes = "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH"
    codes += " OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP"
    for code in codes.split():
        assert state_name(code) != code


def test_party_initial():
    assert party_initial("Republican") == "R"
    assert party_initial("R") == "R"
    assert party_initial("Democrat") == "D"
    assert party_initial("Democratic") == "D"
    assert party_initial("democratic") == "D"
    assert party_initial("Independent") == "I"
    assert party_initial("libertarian") == "L"
    assert party_initial("") == ""


def test_join_names_styles():
    amp = ShareStyle(serial_comma=True, conjunction="&")
    plain_and = ShareStyle(serial_comma=False, conjunction="and")
    assert join_names([], amp) == ""
    assert join_names(["A"], amp) == "A"
    assert join_names(["A", "B"], amp) == "A & B"
    assert join_names(["A", "B"], ShareStyle(serial_comma=True, conjunction="and")) == "A and B"
    assert join_names(["A", "B", "C"], amp) == "A, B, & C"
    assert join_names(["A", "B", "C"], plain_and) == "A, B and C"
    assert join_names(["A", "B", "C"], ShareStyle(serial_comma=False, conjunction="&")) == "A, B & C"
    assert join_names(["A", "B", "C", "D", "E"], ShareStyle(conjunction="and")) == "A, B, C, D, and E"


def test_headline_names_fall_back_to_name():
    nameless = Member("x", "Example Coalition", "misc", WHERE)
    assert headline_names([nameless, DOE]) == "Example Coalition & Doe"
