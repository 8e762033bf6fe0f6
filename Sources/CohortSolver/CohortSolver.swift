import CGLPK
import CGLPKGuard
import CohortCore
