/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-library"

#include "config.h"

#include <json-glib/json-glib.h>

#include "lw-library-private.h"

/* The small structs of lw-feed.h described once, so one writer and one reader
 * serve them all. */
typedef enum
{
  FIELD_STRING,
  FIELD_DOUBLE,
  FIELD_INT64,
  FIELD_INT,
  FIELD_BOOLEAN,
  FIELD_STRINGS,  /* GPtrArray of utf8 */
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gsize       offset;
} Field;

typedef struct
{
  gpointer     (*new) (void);
  const Field   *fields;
  guint          n_fields;
} Kind;

#define F(T, member, name, type) { name, type, G_STRUCT_OFFSET (T, member) }

static const Field enclosure_fields[] = {
  F (LwEnclosure, url, "url", FIELD_STRING),
  F (LwEnclosure, length, "length", FIELD_INT64),
  F (LwEnclosure, type, "type", FIELD_STRING),
};

static const Field chapter_fields[] = {
  F (LwChapter, start, "start", FIELD_DOUBLE),
  F (LwChapter, title, "title", FIELD_STRING),
  F (LwChapter, url, "url", FIELD_STRING),
  F (LwChapter, image, "image", FIELD_STRING),
};

static const Field transcript_fields[] = {
  F (LwTranscript, url, "url", FIELD_STRING),
  F (LwTranscript, type, "type", FIELD_STRING),
  F (LwTranscript, language, "language", FIELD_STRING),
  F (LwTranscript, rel, "rel", FIELD_STRING),
};

static const Field person_fields[] = {
  F (LwPerson, name, "name", FIELD_STRING),
  F (LwPerson, role, "role", FIELD_STRING),
  F (LwPerson, group, "group", FIELD_STRING),
  F (LwPerson, href, "href", FIELD_STRING),
  F (LwPerson, img, "img", FIELD_STRING),
};

static const Field funding_fields[] = {
  F (LwFunding, url, "url", FIELD_STRING),
  F (LwFunding, title, "title", FIELD_STRING),
};

static const Field remote_item_fields[] = {
  F (LwRemoteItem, feed_guid, "feed_guid", FIELD_STRING),
  F (LwRemoteItem, feed_url, "feed_url", FIELD_STRING),
  F (LwRemoteItem, title, "title", FIELD_STRING),
};

static const Field alternate_enclosure_fields[] = {
  F (LwAlternateEnclosure, type, "type", FIELD_STRING),
  F (LwAlternateEnclosure, length, "length", FIELD_INT64),
  F (LwAlternateEnclosure, bitrate, "bitrate", FIELD_INT64),
  F (LwAlternateEnclosure, title, "title", FIELD_STRING),
  F (LwAlternateEnclosure, is_default, "default", FIELD_BOOLEAN),
  F (LwAlternateEnclosure, sources, "sources", FIELD_STRINGS),
};

static const Field soundbite_fields[] = {
  F (LwSoundbite, start, "start", FIELD_DOUBLE),
  F (LwSoundbite, duration, "duration", FIELD_DOUBLE),
  F (LwSoundbite, title, "title", FIELD_STRING),
};

#undef F

#define KIND(new_func, fields) { (gpointer (*) (void)) new_func, fields, G_N_ELEMENTS (fields) }

static const Kind kinds[] = {
  [LW_JSON_ENCLOSURES] = KIND (lw_enclosure_new, enclosure_fields),
  [LW_JSON_CHAPTERS] = KIND (lw_chapter_new, chapter_fields),
  [LW_JSON_TRANSCRIPTS] = KIND (lw_transcript_new, transcript_fields),
  [LW_JSON_PERSONS] = KIND (lw_person_new, person_fields),
  [LW_JSON_FUNDING] = KIND (lw_funding_new, funding_fields),
  [LW_JSON_REMOTE_ITEMS] = KIND (lw_remote_item_new, remote_item_fields),
  [LW_JSON_ALTERNATE_ENCLOSURES] = KIND (lw_alternate_enclosure_new, alternate_enclosure_fields),
  [LW_JSON_SOUNDBITES] = KIND (lw_soundbite_new, soundbite_fields),
  [LW_JSON_STRINGS] = { NULL, NULL, 0 },
};

#undef KIND

static void
add_strings (JsonBuilder *builder,
             GPtrArray   *strings)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
read_strings (JsonArray *array,
              GPtrArray *strings)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (strings, g_strdup (json_node_get_string (node)));
    }
}

char *
lw_library_json_from_array (LwJsonKind  kind,
                            GPtrArray  *array)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  const Kind *k = &kinds[kind];

  if (array == NULL || array->len == 0)
    return NULL;

  builder = json_builder_new ();

  if (kind == LW_JSON_STRINGS)
    {
      add_strings (builder, array);
    }
  else
    {
      json_builder_begin_array (builder);

      for (guint i = 0; i < array->len; i++)
        {
          const guint8 *element = g_ptr_array_index (array, i);

          json_builder_begin_object (builder);

          for (guint f = 0; f < k->n_fields; f++)
            {
              const Field *field = &k->fields[f];
              gconstpointer member = element + field->offset;

              switch (field->type)
                {
                case FIELD_STRING:
                  /* Absent keys read back as NULL: no need to write nulls. */
                  if (*(char * const *) member != NULL)
                    {
                      json_builder_set_member_name (builder, field->name);
                      json_builder_add_string_value (builder, *(char * const *) member);
                    }
                  break;

                case FIELD_DOUBLE:
                  json_builder_set_member_name (builder, field->name);
                  json_builder_add_double_value (builder, *(const double *) member);
                  break;

                case FIELD_INT64:
                  json_builder_set_member_name (builder, field->name);
                  json_builder_add_int_value (builder, *(const gint64 *) member);
                  break;

                case FIELD_INT:
                  json_builder_set_member_name (builder, field->name);
                  json_builder_add_int_value (builder, *(const int *) member);
                  break;

                case FIELD_BOOLEAN:
                  json_builder_set_member_name (builder, field->name);
                  json_builder_add_boolean_value (builder, *(const gboolean *) member);
                  break;

                case FIELD_STRINGS:
                  json_builder_set_member_name (builder, field->name);
                  add_strings (builder, *(GPtrArray * const *) member);
                  break;

                default:
                  g_assert_not_reached ();
                }
            }

          json_builder_end_object (builder);
        }

      json_builder_end_array (builder);
    }

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

void
lw_library_json_to_array (LwJsonKind  kind,
                          const char *json,
                          GPtrArray  *array)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const Kind *k = &kinds[kind];
  JsonNode *root;
  JsonArray *elements;

  if (json == NULL || *json == '\0')
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      g_debug ("Ignoring a damaged JSON column: %s", error->message);
      return;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return;

  elements = json_node_get_array (root);

  if (kind == LW_JSON_STRINGS)
    {
      read_strings (elements, array);
      return;
    }

  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      JsonNode *node = json_array_get_element (elements, i);
      JsonObject *object;
      guint8 *element;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      element = k->new ();

      for (guint f = 0; f < k->n_fields; f++)
        {
          const Field *field = &k->fields[f];
          gpointer member = element + field->offset;
          JsonNode *value = json_object_get_member (object, field->name);

          if (value == NULL || JSON_NODE_HOLDS_NULL (value))
            continue;

          switch (field->type)
            {
            case FIELD_STRING:
              *(char **) member = g_strdup (json_node_get_string (value));
              break;

            case FIELD_DOUBLE:
              *(double *) member = json_node_get_double (value);
              break;

            case FIELD_INT64:
              *(gint64 *) member = json_node_get_int (value);
              break;

            case FIELD_INT:
              *(int *) member = (int) json_node_get_int (value);
              break;

            case FIELD_BOOLEAN:
              *(gboolean *) member = json_node_get_boolean (value);
              break;

            case FIELD_STRINGS:
              if (JSON_NODE_HOLDS_ARRAY (value))
                read_strings (json_node_get_array (value), *(GPtrArray **) member);
              break;

            default:
              g_assert_not_reached ();
            }
        }

      g_ptr_array_add (array, element);
    }
}
