{#-
  ISO day of week (Monday = 1 .. Sunday = 7). PostgreSQL has extract(isodow); Redshift does not,
  so there it is computed from dow (Sunday = 0), which both engines know.
-#}
{% macro iso_day_of_week(column) -%}
{%- if target.type == 'redshift' -%}
cast(case when extract(dow from {{ column }}) = 0 then 7 else extract(dow from {{ column }}) end as integer)
{%- else -%}
cast(extract(isodow from {{ column }}) as integer)
{%- endif -%}
{%- endmacro %}
