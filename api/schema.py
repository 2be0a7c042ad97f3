"""How the OpenAPI document names the personal tokens (api.authentication), and says which
facts may be null because the data file only infers them (api.serializers.PublicFacts)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A staff member's personal token, made and revoked in the back office (lsn_…).",
        }


def inferred_facts_may_be_null(result, generator, request, public):
    """A fact the data file only infers is given as null until staff confirm it: the answers'
    schemas say so for those fields (the requests' schemas are separate: a write gives a value)."""
    from api.serializers import PublicFacts
    from core import seeds

    schemas = result.get("components", {}).get("schemas", {})
    for serializer in PublicFacts.__subclasses__():
        schema = schemas.get(serializer.__name__.removesuffix("Serializer"), {})
        properties = schema.get("properties", {})
        for name in sorted(seeds.inferable(serializer.Meta.model) & set(properties)):
            properties[name] = {"oneOf": [properties[name], {"type": "null"}]}
    return result
