// The guard between GLPK and the process: GLPK reports fatal errors by calling
// abort(); here its error hook jumps back to the guarded call instead, and its
// terminal output is routed to stderr or swallowed, never to stdout.
//
// GLPK 5.0 as built by Debian keeps its environment in thread-local storage,
// so all state here is thread-local too.

#include "CGLPKGuard.h"

#include <float.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LAST_OUTPUT_SIZE 2048

static _Thread_local jmp_buf guard_jump;
static _Thread_local int guard_armed = 0;
static _Thread_local unsigned long guard_generation = 0;
static _Thread_local int guard_echo = 0;
static _Thread_local char guard_last_output[LAST_OUTPUT_SIZE];
static _Thread_local size_t guard_last_length = 0;

double cohort_glpk_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

unsigned long cohort_glpk_generation(void) { return guard_generation; }

const void *cohort_glpk_thread_token(void) {
    static _Thread_local char token;
    return &token;
}

void cohort_glpk_set_echo(int echo) { guard_echo = echo; }

const char *cohort_glpk_last_output(void) {
    guard_last_output[guard_last_length < LAST_OUTPUT_SIZE ? guard_last_length : LAST_OUTPUT_SIZE - 1] = 0;
    return guard_last_output;
}

static int term_hook(void *info, const char *s) {
    (void)info;
    size_t n = strlen(s);
    if (n >= LAST_OUTPUT_SIZE - 1) {
        s += n - (LAST_OUTPUT_SIZE - 2);
        n = LAST_OUTPUT_SIZE - 2;
    }
    if (guard_last_length + n >= LAST_OUTPUT_SIZE - 1) {
        // Keep the tail: drop the oldest bytes.
        size_t keep = (LAST_OUTPUT_SIZE - 1) - n;
        if (keep > guard_last_length) keep = guard_last_length;
        memmove(guard_last_output, guard_last_output + guard_last_length - keep, keep);
        guard_last_length = keep;
    }
    memcpy(guard_last_output + guard_last_length, s, n);
    guard_last_length += n;
    guard_last_output[guard_last_length] = 0;
    if (guard_echo) {
        fputs(s, stderr);
    }
    return 1; // never let GLPK write to stdout itself
}

static void error_hook(void *info) {
    (void)info;
    if (guard_armed) {
        guard_armed = 0;
        longjmp(guard_jump, 1);
    }
}

void cohort_glpk_install_hooks(void) {
    glp_term_hook(term_hook, NULL);
}

// Runs `body` with GLPK's error hook pointing back here. After a fatal error
// the environment is freed (as GLPK's manual requires) and the generation is
// bumped so that Swift never touches the stale problem objects again.
#define GUARDED(body)                                   \
    do {                                                \
        cohort_glpk_install_hooks();                    \
        guard_last_length = 0;                          \
        guard_last_output[0] = 0;                       \
        if (setjmp(guard_jump) != 0) {                  \
            glp_error_hook(NULL, NULL);                 \
            glp_free_env();                             \
            guard_generation += 1;                      \
            cohort_glpk_install_hooks();                \
            return COHORT_GLPK_FATAL;                   \
        }                                               \
        guard_armed = 1;                                \
        glp_error_hook(error_hook, NULL);               \
        body;                                           \
        guard_armed = 0;                                \
        glp_error_hook(NULL, NULL);                     \
        return COHORT_GLPK_OK;                          \
    } while (0)

cohort_glpk_outcome cohort_glpk_simplex(glp_prob *P, const glp_smcp *parm, int *ret) {
    GUARDED(*ret = glp_simplex(P, parm));
}

static void mip_callback(glp_tree *T, void *info) {
    cohort_mip_control *control = (cohort_mip_control *)info;
    if (control == NULL) return;
    int reason = glp_ios_reason(T);
    if (reason == GLP_ISELECT) {
        int p = glp_ios_best_node(T);
        if (p != 0) {
            double bound = glp_ios_node_bound(T, p);
            if (bound > -DBL_MAX && bound < DBL_MAX) {
                control->best_bound = bound;
                control->has_bound = 1;
            }
        }
    }
    if (reason == GLP_ISELECT && control->node_limit > 0 && ++control->nodes > control->node_limit) {
        control->stopped_by_node_limit = 1;
        glp_ios_terminate(T);
        return;
    }
    if (control->deadline > 0 && cohort_glpk_now() >= control->deadline) {
        control->stopped_by_deadline = 1;
        glp_ios_terminate(T);
        return;
    }
    if (reason == GLP_IHEUR && control->start != NULL && !control->start_accepted) {
        // Offer the starting solution once. GLPK only checks integrality and
        // whether it beats the incumbent; feasibility is the caller's job.
        const double *start = control->start;
        control->start = NULL;
        if (glp_get_num_cols(glp_ios_get_prob(T)) == control->n && glp_ios_heur_sol(T, start) == 0) {
            control->start_accepted = 1;
        }
    }
}

cohort_glpk_outcome cohort_glpk_intopt(glp_prob *P, glp_iocp *parm, cohort_mip_control *control, int *ret) {
    if (control != NULL) {
        parm->cb_func = mip_callback;
        parm->cb_info = control;
    }
    GUARDED(*ret = glp_intopt(P, parm));
}

cohort_glpk_outcome cohort_glpk_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]) {
    GUARDED(glp_load_matrix(P, ne, ia, ja, ar));
}

cohort_glpk_outcome cohort_glpk_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]) {
    GUARDED(glp_set_mat_col(P, j, len, ind, val));
}

cohort_glpk_outcome cohort_glpk_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]) {
    GUARDED(glp_set_mat_row(P, i, len, ind, val));
}
