from django.urls import translate_url


def language_urls(request):
    """Links to the same page in each language, keeping the query string."""
    path = request.get_full_path()
    return {"en_url": translate_url(path, "en"), "ru_url": translate_url(path, "ru")}
