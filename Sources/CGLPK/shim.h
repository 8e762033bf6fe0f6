#ifndef COHORT_CGLPK_SHIM_H
#define COHORT_CGLPK_SHIM_H
#include <glpk.h>
#endif
