/*
 * viz/queues.h: the ring panel for a policy with queues of its own (ARC's
 * T1/T2/B1/B2, CLOCK-Pro's hot and cold pages and test periods, ...): what
 * the policy's describe() says (pager_policy_describe, queue_view.h),
 * drawn generically, one row per queue:
 *
 *   T1 · 2        ▼hand
 *   hand → tail  [p1:3][p1:5]
 *   B1 · 3       (p1:0)(p1:2)(p1:4)      ghosts: outlined, dim
 *   p = 1.00: target size of T1 · ■ hot ■ in test · (p1:3) not in memory
 *
 * Each row: the queue's name and size, its two ends' names, its entries
 * from first to last (resident pages in their owner's colour with the
 * referenced bit as a green edge and a mark as a coloured band; ghosts as
 * outlines), a white triangle over the entry each hand points at, named.
 * A queue too long for cells of 3 pixels shows its count only. A policy
 * whose view is one queue without marks or parameters (the classics) keeps
 * the ring or list of draw.c: `shown` is false.
 *
 * Reading changes no state; placing is arithmetic (tests ask it where an
 * entry is); drawing reads the scene, the layout and the overlay only.
 */
#ifndef MMUSIM_VIZ_QUEUES_H
#define MMUSIM_VIZ_QUEUES_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "layout.h"
#include "page_geometry.h"
#include "pager.h"
#include "palette.h"

struct viz_scene;
struct viz_fonts;
struct viz_overlay;

struct viz_queues {
	bool shown;                   /* draw these instead of the ring */
	struct queue_view view;       /* entries point into `entries` */
	struct qv_entry *entries;
	char (*ghost_pages)[24];      /* per entry: a ghost's page, "p1:3" */
	uint32_t cap;                 /* of both arrays */
};

/* Read the policy's queues from the pager; -1 when out of memory. */
int viz_queues_read(struct viz_queues *queues, const struct pager *pager,
		    const struct page_geometry *geo);
void viz_queues_free(struct viz_queues *queues);

/* Where each queue's row, label and cells go in the ring panel. */
struct viz_queue_row {
	struct viz_rect row, label, cells;
	int pitch, cell_w;            /* per entry; cell_w 0: count only */
};
struct viz_queue_rows {
	struct viz_rect note;         /* parameters, marks, ghosts: 2 lines */
	uint32_t count;
	int hand_h;                   /* room above cells for hands */
	bool hand_names;              /* room for their names too */
	struct viz_queue_row rows[QV_MAX_QUEUES];
};
void viz_queues_place(const struct viz_layout *layout, const struct viz_scene *scene,
		      struct viz_queue_rows *rows);
/* The cell of entry i (w 0 when the queue shows its count only). */
struct viz_rect viz_queues_cell(const struct viz_queue_rows *rows,
				const struct viz_queues *queues, uint32_t i);
/* The entry drawn at (x, y), or -1. */
int64_t viz_queues_at(const struct viz_queue_rows *rows, const struct viz_queues *queues,
		      int x, int y);
/* The colour of mark m (1..QV_MAX_MARKS). */
struct viz_rgb viz_queues_mark_color(uint8_t mark);

/* The panel's title: "car · T1 2 · T2 1 · B1 1 · B2 0". */
void viz_queues_title(const struct viz_scene *scene, char *buf, size_t n);
/* Draw the rows and the note; `scan_frame` (0: none) is outlined in
 * `scan_color` (the scan animation's step). */
void viz_queues_draw(SDL_Renderer *renderer, const struct viz_fonts *fonts,
		     const struct viz_layout *layout, const struct viz_scene *scene,
		     const struct viz_overlay *overlay, uint32_t scan_frame,
		     struct viz_rgb scan_color);

/*
 * What one event did to the policy's queues, for the narration: "queues:
 * p1:4 B1 → T2 · p1:2 T1 → B1 · p1:0 leaves B1". A snapshot of the
 * queues before the event, compared after it page by page (by page key,
 * or by frame for a policy that gives none, its evicted frames left
 * out): a page that changed queues, entered or left them, became a ghost
 * or came back, or changed its mark ("p1:1 now hot"). Reorders within a
 * queue are not told. Only for policies with queues of their own.
 *
 * The snapshot is a copy of the view (O(entries)), taken before every
 * recorded step; the comparison (a sort) is made only for the picture,
 * against the pager as it is then, which must be the state right after
 * the event.
 */
struct viz_queue_moves {
	struct queue_view before;
	struct qv_entry *entries;
	uint32_t cap;
	bool valid;                   /* a snapshot was taken */
};
void viz_queue_moves_before(struct viz_queue_moves *moves, const struct pager *pager);
/* Compare with the queues now; `notes` are the event's (evicted frames).
 * "" in out when nothing moved (or no snapshot). */
void viz_queue_moves_tell(const struct viz_queue_moves *moves, const struct pager *pager,
			  const struct page_geometry *geo, const struct pager_note *notes,
			  size_t note_count, char *out, size_t out_len);
void viz_queue_moves_free(struct viz_queue_moves *moves);

#endif
