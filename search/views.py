from django.http import JsonResponse


def api_search(request):
    return JsonResponse({})
