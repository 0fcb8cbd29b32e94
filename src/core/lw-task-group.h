/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The callers waiting on one shared piece of work (one artwork download, one show's
 * refresh, one refresh of everything). Each caller's task keeps its own cancellable:
 * cancelling it answers that caller at once with G_IO_ERROR_CANCELLED, and when every
 * caller has gone, the group's own cancellable fires to stop the work. Internal. */
typedef struct _LwTaskGroup LwTaskGroup;

typedef void (*LwTaskGroupReturnFunc) (GTask    *task,
                                       gpointer  user_data);

LwTaskGroup  *lw_task_group_new             (void);
void          lw_task_group_free            (LwTaskGroup           *group);
/* Takes a reference on @task. */
void          lw_task_group_add             (LwTaskGroup           *group,
                                             GTask                 *task);
/* Pass to the shared work; cancelled once nobody waits any more. */
GCancellable *lw_task_group_get_cancellable (LwTaskGroup           *group);
gboolean      lw_task_group_is_abandoned    (LwTaskGroup           *group);
/* Answers every caller still waiting (@func returns a value on each task) and
 * empties the group. */
void          lw_task_group_return          (LwTaskGroup           *group,
                                             LwTaskGroupReturnFunc  func,
                                             gpointer               user_data);
void          lw_task_group_return_error    (LwTaskGroup           *group,
                                             const GError          *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwTaskGroup, lw_task_group_free)

G_END_DECLS
