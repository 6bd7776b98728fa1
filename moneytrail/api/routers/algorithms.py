"""GET /algorithms: the scoring algorithm and what each feature means.

Generated from the feature list (screening/feature_list.py): each feature's description
is its function's docstring, its coefficient the headline weight, in the scorer's order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.routers import ERRORS
from moneytrail.api.schemas import Algorithm, AlgorithmResponse, FeatureDoc
from moneytrail.screening import ALGORITHM, scorer
from moneytrail.screening.feature_list import FEATURES

router = APIRouter(tags=["Matching"])


@router.get("/algorithms", response_model=AlgorithmResponse, responses=ERRORS)
def algorithms(user: Annotated[User, Depends(current_user)]) -> AlgorithmResponse:
    features = {
        f.key: FeatureDoc(description=f.description, coefficient=f.weight) for f in FEATURES
    }
    algo = Algorithm(name=ALGORITHM, description=(scorer.__doc__ or "").strip(), features=features)
    return AlgorithmResponse(algorithms=[algo], default=ALGORITHM, best=ALGORITHM)
