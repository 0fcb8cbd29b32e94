/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lw-library-actions.h"
#include "lw-toast.h"
#include "lw-window-private.h"

/* Subscribing ******************************************************************/

void
lw_window_on_subscribed (LwWindow *self,
                         LwShow   *show)
{
  g_autofree char *text = NULL;

  lw_window_select_show (self, lw_show_get_id (show));

  if (lw_show_get_title (show) != NULL && lw_show_get_title (show)[0] != '\0')
    text = g_strdup_printf (_("Subscribed to “%s”"), lw_show_get_title (show));
  else
    text = g_strdup (_("Subscribed"));
  lw_window_add_toast (self, lw_toast_new_plain (text));
}

typedef struct
{
  LwWindow *window;
  char     *url;
} Subscription;

static void
subscription_free (Subscription *subscription)
{
  g_clear_object (&subscription->window);
  g_free (subscription->url);
  g_free (subscription);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Subscription, subscription_free)

/* Another go cannot mend an address that is not one, a show gone for good, a feed
 * past the size limit, or a server that wants a password nobody was asked for. */
static gboolean
can_retry_subscribe (const GError *error)
{
  return !g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_INVALID_URL) &&
         !g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_GONE) &&
         !g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_TOO_LARGE) &&
         !g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS);
}

/* What failed and why, naming the server once: the feed service's sentences about
 * the network and HTTP name it already, the others get it here. No path: the
 * person has just picked the show, on a card or from a link. */
static char *
dup_subscribe_error (const char   *url,
                     const GError *error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || strstr (error->message, host) != NULL)
    /* Translators: a toast; %s says why, naming the server: "example.org answered 404 Not Found" */
    return g_strdup_printf (_("Could not subscribe: %s"), error->message);

  /* Translators: a toast; the first %s is a server ("example.org"), the second why it failed */
  return g_strdup_printf (_("Could not subscribe to %s: %s"), host, error->message);
}

static void
on_subscribe_retry (AdwToast *toast,
                    LwWindow *self)
{
  lw_window_subscribe (self, g_object_get_data (G_OBJECT (toast), "lw-url"));
}

static void
subscribe_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Subscription) subscription = user_data;
  LwWindow *self = subscription->window;
  g_autoptr(LwShow) show = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  show = lw_feed_service_subscribe_finish (LW_FEED_SERVICE (object), result, &error);
  if (show != NULL)
    {
      lw_window_on_subscribed (self, show);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, LW_FEED_SERVICE_ERROR, LW_FEED_SERVICE_ERROR_NEEDS_CREDENTIALS))
    {
      lw_library_actions_offer_sign_in (GTK_WINDOW (self), subscription->url, error->message);
      return;
    }

  if (!can_retry_subscribe (error))
    {
      lw_window_show_error (self, error->message);
      return;
    }

  /* Nothing else says what went wrong (the podroll and Discover only name the show):
   * the toast keeps the error's one sentence. */
  text = dup_subscribe_error (subscription->url, error);
  toast = lw_toast_new_retry (text);
  g_object_set_data_full (G_OBJECT (toast), "lw-url", g_strdup (subscription->url), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_subscribe_retry), self, 0);
  lw_window_add_toast (self, toast);
}

/* Unsubscribing *****************************************************************/

static void
remove_show_now (LwWindow *self,
                 gint64    show_id)
{
  g_autoptr(GError) error = NULL;

  if (!lw_library_remove_show (self->library, show_id, &error) &&
      !g_error_matches (error, LW_LIBRARY_ERROR, LW_LIBRARY_ERROR_NOT_FOUND))
    {
      lw_show_grid_set_hidden (self->show_grid, show_id, FALSE);
      lw_window_show_error (self, error->message);
    }
}

typedef struct
{
  LwWindow *window;   /* weak */
  gint64    show_id;
} PendingRemoval;

static gboolean
remove_show_idle (gpointer data)
{
  PendingRemoval *removal = data;

  if (removal->window != NULL &&
      g_hash_table_remove (removal->window->pending_removals, &removal->show_id))
    remove_show_now (removal->window, removal->show_id);

  g_clear_weak_pointer (&removal->window);
  g_free (removal);

  return G_SOURCE_REMOVE;
}

static void
on_unsubscribe_toast_dismissed (AdwToast *toast,
                                LwWindow *self)
{
  PendingRemoval *removal = g_new0 (PendingRemoval, 1);

  /* Not from inside the overlay's own signal: libadwaita 1.2 is still tidying the
   * toast up, and a removal changes a lot of the window. Undo took it out of the
   * table first when it was used. */
  removal->show_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "show-id"));
  g_set_weak_pointer (&removal->window, self);
  g_idle_add (remove_show_idle, removal);
}

static void
on_unsubscribe_undo (AdwToast *toast,
                     LwWindow *self)
{
  gint64 show_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "show-id"));

  if (g_hash_table_remove (self->pending_removals, &show_id))
    lw_show_grid_set_hidden (self->show_grid, show_id, FALSE);
}

void
lw_window_unsubscribe (LwWindow *self,
                       LwShow   *show)
{
  g_autofree char *text = NULL;
  gint64 show_id;
  AdwToast *toast;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (LW_IS_SHOW (show));

  show_id = lw_show_get_id (show);
  if (g_hash_table_contains (self->pending_removals, &show_id))
    return;

  text = g_strdup_printf (_("Unsubscribed from “%s”"), lw_show_get_title (show) ?: "");
  toast = lw_toast_new_plain (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "show-id", GSIZE_TO_POINTER ((gsize) show_id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_unsubscribe_undo), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_unsubscribe_toast_dismissed), self, 0);
  g_hash_table_insert (self->pending_removals, g_memdup2 (&show_id, sizeof show_id), g_object_ref (toast));

  lw_show_grid_set_hidden (self->show_grid, show_id, TRUE);
  if (lw_window_get_shown_show (self) == show)
    {
      lw_window_set_place (self, "shows");
      lw_show_page_set_show (self->show_page, NULL);
    }

  lw_toast_overlay_add (self->toast_overlay, toast);
}

void
lw_window_flush_pending_removals (LwWindow *self)
{
  g_autoptr(GList) ids = g_hash_table_get_keys (self->pending_removals);
  GHashTable *pending = g_steal_pointer (&self->pending_removals);

  self->pending_removals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (GList *l = ids; l; l = l->next)
    remove_show_now (self, *(gint64 *) l->data);

  g_hash_table_unref (pending);
}

void
lw_window_subscribe (LwWindow   *self,
                     const char *url)
{
  Subscription *subscription;

  g_return_if_fail (LW_IS_WINDOW (self));
  g_return_if_fail (url != NULL);

  subscription = g_new0 (Subscription, 1);
  subscription->window = g_object_ref (self);
  subscription->url = g_strdup (url);
  lw_feed_service_subscribe_async (lw_application_get_feed_service (lw_window_get_app (self)),
                                   url, self->cancellable, subscribe_cb, subscription);
}
