"""Public HTML pages leave out the indentation and blank lines templates put in, and nothing else."""

from django.http import HttpResponse
from django.test import RequestFactory

from countries.http import CompactHtmlMiddleware


def compact(body: bytes, content_type: str = "text/html; charset=utf-8", path: str = "/countries/") -> bytes:
    middleware = CompactHtmlMiddleware(lambda request: HttpResponse(body, content_type=content_type))
    return middleware(RequestFactory().get(path)).content


def test_indentation_and_blank_lines_go_and_the_words_stay():
    page = b"<ul>\n    <li>one  two</li>\n\n\n\t<li>three</li>  \n  \n</ul>\n"
    assert compact(page) == b"<ul>\n<li>one  two</li>\n<li>three</li>  \n</ul>\n"


def test_pages_where_whitespace_is_content_and_other_answers_are_left_alone():
    with_pre = b"<div>\n    <pre>\n    indented\n</pre>\n</div>"
    assert compact(with_pre) == with_pre
    with_textarea = b"<form>\n    <textarea>\n\n  kept</textarea>\n</form>"
    assert compact(with_textarea) == with_textarea
    data = b"a,b\n    c,d\n\n"
    assert compact(data, content_type="text/csv") == data
