from django.utils.cache import patch_vary_headers


def vary_on_reader_cookies(get_response):
    """HTML pages show the reader's language and province, both kept in cookies (not only in
    Accept-Language), so a cache must keep one copy per cookie: ``Vary: Cookie``."""

    def middleware(request):
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ("Cookie",))
        return response

    return middleware
