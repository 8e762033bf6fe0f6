#ifndef COHORT_CGLPK_GUARD_H
#define COHORT_CGLPK_GUARD_H

#include <glpk.h>

/// Outcome of a guarded GLPK call.
typedef enum {
    COHORT_GLPK_OK = 0,
    /// GLPK hit a fatal error (it would have aborted the process). The GLPK
    /// environment of this thread was freed: every problem object created on
    /// this thread before the call is invalid (see cohort_glpk_generation).
    COHORT_GLPK_FATAL = 1
} cohort_glpk_outcome;

/// Controls for a MIP search, read by the branch-and-cut callback.
typedef struct {
    /// Wall-clock deadline in seconds of CLOCK_MONOTONIC; 0 means none.
    /// GLPK's own tm_lim is soft; the callback terminates the search on time.
    double deadline;
    /// Optional starting solution, 1-based (start[1..n]); NULL for none.
    /// Offered once to GLPK as a heuristic solution (GLP_IHEUR), and only when
    /// the search sees exactly n columns (with the MIP presolver on it sees the
    /// presolved problem, so the start is skipped). GLPK does NOT check its
    /// feasibility and needs integer columns exactly integral: the caller must.
    const double *start;
    int n;
    /// Set by the callback: 1 when GLPK accepted the starting solution.
    int start_accepted;
    /// Set by the callback: 1 when the deadline stopped the search.
    int stopped_by_deadline;
    /// Stop after this many node selections (0: no limit). Unlike a deadline
    /// it stops at the same point on every machine: results stay repeatable.
    int node_limit;
    /// Set by the callback: node selections so far, and 1 when the node
    /// limit stopped the search.
    int nodes;
    int stopped_by_node_limit;
    /// Set by the callback at each node selection: the best local bound of
    /// the open nodes (a valid bound on the optimum) and 1 in has_bound.
    double best_bound;
    int has_bound;
} cohort_mip_control;

/// An address unique to the calling thread (while it lives): GLPK objects
/// belong to the thread that created them.
const void *cohort_glpk_thread_token(void);

/// Monotonic clock in seconds.
double cohort_glpk_now(void);

/// Counts how often this thread's GLPK environment was freed after a fatal
/// error. A problem object created under an older generation must not be used
/// or deleted.
unsigned long cohort_glpk_generation(void);

/// 1: GLPK's terminal output goes to stderr; 0 (default): it is swallowed.
/// Either way it never reaches stdout. The last lines are kept for messages.
void cohort_glpk_set_echo(int echo);

/// The most recent GLPK terminal output of this thread (at most ~2 KiB).
const char *cohort_glpk_last_output(void);

/// Installs the terminal hook on this thread (idempotent, cheap).
void cohort_glpk_install_hooks(void);

cohort_glpk_outcome cohort_glpk_simplex(glp_prob *P, const glp_smcp *parm, int *ret);
cohort_glpk_outcome cohort_glpk_intopt(glp_prob *P, glp_iocp *parm, cohort_mip_control *control, int *ret);
cohort_glpk_outcome cohort_glpk_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]);
cohort_glpk_outcome cohort_glpk_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]);
cohort_glpk_outcome cohort_glpk_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]);

#endif
