"""GET /algorithms: the scoring algorithm and what each feature means."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from moneytrail.alerts.models import User
from moneytrail.api.auth import current_user
from moneytrail.api.render import FEATURE_DOCS
from moneytrail.api.routers import ERRORS
from moneytrail.api.schemas import Algorithm, AlgorithmResponse, FeatureDoc
from moneytrail.screening import ALGORITHM, scorer

router = APIRouter(tags=["Matching"])


@router.get("/algorithms", response_model=AlgorithmResponse, responses=ERRORS)
def algorithms(user: Annotated[User, Depends(current_user)]) -> AlgorithmResponse:
    features = {name: FeatureDoc(**doc) for name, doc in FEATURE_DOCS.items()}
    algo = Algorithm(name=ALGORITHM, description=(scorer.__doc__ or "").strip(), features=features)
    return AlgorithmResponse(algorithms=[algo], default=ALGORITHM, best=ALGORITHM)
