from legislation.curated import quote_language
from legislation.scripts import script_mismatch


def test_a_quotation_in_another_script_than_its_language_is_a_mismatch():
    assert script_mismatch("Possession of a small quantity is an offence.", "ru")
    assert script_mismatch("Хранение наркотических средств", "en")
    assert not script_mismatch("Хранение наркотических средств", "ru")
    assert not script_mismatch("Possession is an offence.", "en")


def test_languages_written_in_both_scripts_and_empty_quotes_are_never_a_mismatch():
    assert not script_mismatch("Giyohvandlik vositalarini saqlash", "uz")
    assert not script_mismatch("Есірткі құралдарын сақтау", "kk")
    assert not script_mismatch("Esirtki quraldaryn saqtau", "kk")
    assert not script_mismatch("  ", "ru")


def test_the_guess_never_tags_a_latin_quote_with_a_cyrillic_only_language():
    # Russia's default language is Russian; a Latin-script quote from it is English when its words say so.
    assert quote_language("The possession of drugs is punished by a fine.", "RU") == "en"
    assert not script_mismatch("Neshe zatlaryny saklamak", quote_language("Neshe zatlaryny saklamak", "TM"))
    assert quote_language("Neshe zatlaryny saklamak", "TM") == "tk"
