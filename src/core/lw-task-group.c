/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lw-task-group"

#include "config.h"

#include "lw-task-group.h"

struct _LwTaskGroup
{
  GPtrArray    *members;      /* (element-type Member) */
  GCancellable *cancellable;
};

typedef struct
{
  LwTaskGroup *group;
  GTask       *task;
  GSource     *cancel_source;
} Member;

static void
member_free (Member *member)
{
  if (member->cancel_source != NULL)
    {
      g_source_destroy (member->cancel_source);
      g_source_unref (member->cancel_source);
    }
  g_clear_object (&member->task);
  g_free (member);
}

LwTaskGroup *
lw_task_group_new (void)
{
  LwTaskGroup *group = g_new0 (LwTaskGroup, 1);

  group->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  group->cancellable = g_cancellable_new ();

  return group;
}

void
lw_task_group_free (LwTaskGroup *group)
{
  if (group == NULL)
    return;

  /* Nobody may be left hanging: the owner answers everyone before letting go. */
  g_warn_if_fail (group->members->len == 0);

  g_ptr_array_unref (group->members);
  g_object_unref (group->cancellable);
  g_free (group);
}

static gboolean
on_member_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Member *member = user_data;
  LwTaskGroup *group = member->group;

  g_task_return_error_if_cancelled (member->task);
  g_ptr_array_remove (group->members, member);

  if (group->members->len == 0)
    g_cancellable_cancel (group->cancellable);

  return G_SOURCE_REMOVE;
}

void
lw_task_group_add (LwTaskGroup *group,
                   GTask       *task)
{
  Member *member;
  GCancellable *cancellable;

  g_return_if_fail (group != NULL);
  g_return_if_fail (G_IS_TASK (task));

  member = g_new0 (Member, 1);
  member->group = group;
  member->task = g_object_ref (task);
  g_ptr_array_add (group->members, member);

  /* A source on the task's own context, so the answer comes where the caller waits,
   * whichever thread cancelled. */
  cancellable = g_task_get_cancellable (task);
  if (cancellable != NULL)
    {
      member->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (member->cancel_source, G_SOURCE_FUNC (on_member_cancelled), member, NULL);
      g_source_attach (member->cancel_source, g_task_get_context (task));
    }
}

GCancellable *
lw_task_group_get_cancellable (LwTaskGroup *group)
{
  g_return_val_if_fail (group != NULL, NULL);

  return group->cancellable;
}

gboolean
lw_task_group_is_abandoned (LwTaskGroup *group)
{
  g_return_val_if_fail (group != NULL, FALSE);

  return g_cancellable_is_cancelled (group->cancellable);
}

void
lw_task_group_return (LwTaskGroup           *group,
                      LwTaskGroupReturnFunc  func,
                      gpointer               user_data)
{
  g_autoptr(GPtrArray) members = NULL;

  g_return_if_fail (group != NULL);
  g_return_if_fail (func != NULL);

  /* Steal the list first: a callback may add a new caller to a new group. */
  members = g_steal_pointer (&group->members);
  group->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);

  for (guint i = 0; i < members->len; i++)
    {
      Member *member = g_ptr_array_index (members, i);

      func (member->task, user_data);
    }
}

static void
return_error (GTask    *task,
              gpointer  user_data)
{
  g_task_return_error (task, g_error_copy (user_data));
}

void
lw_task_group_return_error (LwTaskGroup  *group,
                            const GError *error)
{
  g_return_if_fail (group != NULL);
  g_return_if_fail (error != NULL);

  lw_task_group_return (group, return_error, (gpointer) error);
}
