{#- Money arrives in integer cents; staging turns it into dollars once, with this macro. -#}
{% macro cents_to_dollars(column, scale=2) -%}
cast(round({{ column }} / 100.0, {{ scale }}) as numeric(12, {{ scale }}))
{%- endmacro %}
